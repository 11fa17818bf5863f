package org.minibatch.bench;

import java.util.ArrayList;
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
  private StepScaling() {}

  /** One measurement: rows, median step breakdown and cached bytes per row. */
  public record Point(int copies, long rows, StepBreakdown.Result step, double cachedBytesPerRow,
      double quartile1Ms, double quartile3Ms) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%2dx (%,d rows): %s (quartiles %.1f, %.1f ms);"
          + " cached %.1f bytes/row", copies, rows, step, quartile1Ms, quartile3Ms,
          cachedBytesPerRow);
    }
  }

  /**
   * Caches every size at once, warms each up with {@code steps / 2} steps, then measures
   * {@code steps} steps of each, taking the sizes in turns one step at a time (every other turn
   * in reverse order), and reports each size's component-wise median step. On a small shared
   * machine step times drift by tens of percent within seconds and the JIT keeps making steps
   * faster for thousands of jobs; measuring the sizes in blocks of steps, one after the other,
   * turned that into false trends either way (the figures: BENCHMARKS.md, "Behind the code").
   * Alternating single steps shows every size the same states of the machine.
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
      List<List<StepBreakdown.Result>> measured = new ArrayList<>();
      for (CachedData data : sizes) {
        StepBreakdown.measure(data, config, Math.max(3, steps / 2));
        measured.add(new ArrayList<>());
      }
      for (int step = 0; step < steps; step++) {
        for (int k = 0; k < sizes.size(); k++) {
          int i = step % 2 == 0 ? k : sizes.size() - 1 - k;
          measured.get(i).add(StepBreakdown.measure(sizes.get(i), config, 1));
        }
      }
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < sizes.size(); i++) {
        CachedData data = sizes.get(i);
        List<StepBreakdown.Result> results = measured.get(i);
        double[] totals = results.stream().mapToDouble(StepBreakdown.Result::totalMs).sorted()
            .toArray();
        points.add(new Point(multiples[i], data.totalTrainRows(), StepBreakdown.median(results),
            (double) data.cachedBytes() / data.totalTrainRows(), totals[totals.length / 4],
            totals[3 * totals.length / 4]));
      }
      return points;
    } finally {
      sizes.forEach(CachedData::close);
    }
  }
}
