package org.minibatch.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.minibatch.spark.CachedData;
import org.minibatch.train.TrainConfig;

/**
 * Per-step time of the distributed trainer at several multiples of Fashion-MNIST's 60,000 rows
 * with the same network and batch size. A step costs O(batch), so it should not grow with rows.
 */
public final class StepScaling {
  static final int ROUNDS = 7;

  private StepScaling() {}

  /** One measurement: rows, median step breakdown and cached bytes per row. */
  public record Point(int copies, long rows, StepBreakdown.Result step, double cachedBytesPerRow,
      List<Double> roundMs) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%2dx (%,d rows): %s; cached %.1f bytes/row; rounds %s",
          copies, rows, step, cachedBytesPerRow, roundMs.stream()
              .map(ms -> String.format(Locale.ROOT, "%.1f", ms)).toList());
    }
  }

  /**
   * Caches every size at once, warms each up with {@code steps / 2} steps, then measures them in
   * turns, {@code ROUNDS} rounds of {@code steps / ROUNDS} steps each (every other round in
   * reverse order), and reports each size's fastest round (by its median step). On a small shared
   * machine step times drift by tens of percent over a minute, and the JIT keeps making steps
   * faster for the first few hundred jobs (rounds of a cold JVM went 36, 33, 20, 25, 15 ms):
   * taking the sizes one after the other turned that into a false trend either way. Interference
   * only ever adds time, so the fastest round is the closest to what a step of that size costs.
   */
  public static List<Point> run(JavaSparkContext jsc, TrainConfig config, int partitions,
      int[] multiples, int steps) {
    List<CachedData> sizes = new ArrayList<>();
    try {
      for (int copies : multiples) {
        sizes.add(CachedData.prepare(BenchData.trainRows(jsc, copies, partitions),
            config.network(), new CachedData.Layout(partitions, 0, config.seed())));
      }
      // Preparing 16x the rows leaves gigabytes of garbage whose concurrent collection would
      // otherwise land in the measured steps.
      System.gc();
      int perRound = Math.max(3, steps / ROUNDS);
      List<List<StepBreakdown.Result>> rounds = new ArrayList<>();
      for (CachedData data : sizes) {
        StepBreakdown.measure(data, config, Math.max(3, steps / 2));
        rounds.add(new ArrayList<>());
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < sizes.size(); k++) {
          int i = round % 2 == 0 ? k : sizes.size() - 1 - k;
          rounds.get(i).add(StepBreakdown.measure(sizes.get(i), config, perRound));
        }
      }
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < sizes.size(); i++) {
        CachedData data = sizes.get(i);
        StepBreakdown.Result fastest = rounds.get(i).stream()
            .min(Comparator.comparingDouble(StepBreakdown.Result::totalMs)).orElseThrow();
        points.add(new Point(multiples[i], data.totalTrainRows(), fastest,
            (double) data.cachedBytes() / data.totalTrainRows(),
            rounds.get(i).stream().map(StepBreakdown.Result::totalMs).toList()));
      }
      return points;
    } finally {
      sizes.forEach(CachedData::close);
    }
  }
}
