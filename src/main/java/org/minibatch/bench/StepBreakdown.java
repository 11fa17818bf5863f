package org.minibatch.bench;

import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.minibatch.optim.Optimizer;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.PartitionData;
import org.minibatch.spark.SparkGradientSource;
import org.minibatch.train.BatchPlan;
import org.minibatch.train.GradientSum;
import org.minibatch.train.PartitionWorker;
import org.minibatch.train.TrainConfig;

/**
 * Where the time of one distributed step goes, by running jobs that do successively more of a
 * real step over the same cached data and taking differences of their median times:
 * <ol>
 *   <li>job: an empty job of the same shape (one task per partition, nothing returned);
 *   <li>broadcast: broadcast the weights, read them in every task, destroy;
 *   <li>compute: also gather the slice and backprop it in every task, return nothing;
 *   <li>aggregate: the real step, also shipping and summing the gradients;
 *   <li>update: the optimizer update on the driver.
 * </ol>
 */
public final class StepBreakdown {
  private StepBreakdown() {}

  /** Median milliseconds per step of each stage, cumulative, plus the update. */
  public record Result(double jobMs, double broadcastMs, double computeMs, double stepMs,
      double updateMs) {
    public double totalMs() {
      return stepMs + updateMs;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "step %.1f ms = job %.1f + broadcast %.1f + compute %.1f"
              + " + aggregate %.1f + driver update %.1f", totalMs(), jobMs, broadcastMs - jobMs,
          computeMs - broadcastMs, stepMs - computeMs, updateMs);
    }
  }

  public static Result measure(CachedData data, TrainConfig config, int steps) {
    JavaSparkContext jsc = data.context();
    JavaRDD<PartitionData> blocks = data.blocks();
    double[] params = config.initializer().initialize(config.network(), config.seed());
    BatchPlan plan = new BatchPlan(data.trainRows(), config.batchSize());
    SparkGradientSource source = new SparkGradientSource(config.network(), data, null);
    Optimizer optimizer = config.optimizer().copy();
    double[] grad = new double[params.length];
    double[][] times = new double[5][steps];
    for (int s = 0; s < steps; s++) {
      BatchPlan.Slices slices = plan.cursor().next();
      long t0 = System.nanoTime();
      blocks.foreachPartition(it -> it.forEachRemaining(d -> { }));
      long t1 = System.nanoTime();
      Broadcast<double[]> bc = jsc.broadcast(params);
      blocks.foreachPartition(it -> it.forEachRemaining(d -> bc.value()));
      bc.destroy();
      long t2 = System.nanoTime();
      Broadcast<double[]> bc2 = jsc.broadcast(params);
      var spec = config.network();
      long seed = config.seed();
      int[] from = slices.from();
      int[] to = slices.to();
      blocks.foreachPartition(it -> it.forEachRemaining(d -> worker(spec).gradient(d.train(),
          d.order(seed, 1), from[d.partition()], to[d.partition()], bc2.value())));
      bc2.destroy();
      long t3 = System.nanoTime();
      GradientSum sum = source.gradient(params, seed, 1, slices);
      long t4 = System.nanoTime();
      sum.meanGradient(grad);
      optimizer.step(params, grad, optimizer.learningRate());
      long t5 = System.nanoTime();
      times[0][s] = (t1 - t0) / 1e6;
      times[1][s] = (t2 - t1) / 1e6;
      times[2][s] = (t3 - t2) / 1e6;
      times[3][s] = (t4 - t3) / 1e6;
      times[4][s] = (t5 - t4) / 1e6;
    }
    return new Result(median(times[0]), median(times[1]), median(times[2]), median(times[3]),
        median(times[4]));
  }

  private static final ThreadLocal<PartitionWorker> WORKER = new ThreadLocal<>();

  private static PartitionWorker worker(org.minibatch.nn.NetworkSpec spec) {
    PartitionWorker w = WORKER.get();
    if (w == null || !w.spec().equals(spec)) {
      w = new PartitionWorker(spec);
      WORKER.set(w);
    }
    return w;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
