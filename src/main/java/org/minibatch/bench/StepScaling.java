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
  public record Point(int copies, long rows, StepBreakdown.Result step, double cachedBytesPerRow) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%2dx (%,d rows): %s; cached %.1f bytes/row", copies,
          rows, step, cachedBytesPerRow);
    }
  }

  public static List<Point> run(JavaSparkContext jsc, TrainConfig config, int partitions,
      int[] multiples, int steps) {
    List<Point> points = new ArrayList<>();
    for (int copies : multiples) {
      try (CachedData data = CachedData.prepare(BenchData.trainRows(jsc, copies, partitions),
          config.network(), new CachedData.Layout(partitions, 0, config.seed()))) {
        // Preparing 16x the rows leaves gigabytes of garbage whose concurrent collection would
        // otherwise land in the measured steps.
        System.gc();
        StepBreakdown.measure(data, config, Math.max(3, steps / 4));
        StepBreakdown.Result result = StepBreakdown.measure(data, config, steps);
        points.add(new Point(copies, data.totalTrainRows(), result,
            (double) data.cachedBytes() / data.totalTrainRows()));
      }
    }
    return points;
  }
}
