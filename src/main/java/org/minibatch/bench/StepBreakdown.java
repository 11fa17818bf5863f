package org.minibatch.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.optim.Optimizer;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.PartitionData;
import org.minibatch.spark.PartitionJobs;
import org.minibatch.spark.SparkGradientSource;
import org.minibatch.spark.Weights;
import org.minibatch.train.BatchPlan;
import org.minibatch.train.GradientSum;
import org.minibatch.train.Precision;
import org.minibatch.train.TrainConfig;

/**
 * Where the time of one distributed step goes, by running jobs that do successively more of a
 * real step over the same cached data, the same way the step does ({@link PartitionJobs}), and
 * taking differences of their median times:
 * <ol>
 *   <li>job: an empty job of the same shape (one task per partition with rows in the batch,
 *       nothing returned);
 *   <li>broadcast: broadcast the weights as the step does (float32 or float64), read them in
 *       every task, destroy;
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

  /** The stages of a step, one per mode. */
  private static final class Stage extends PartitionJobs.Work<Object> {
    private static final long serialVersionUID = 1L;
    private final int mode;
    private final Broadcast<Weights> weights;
    private final NetworkSpec spec;
    private final long seed;
    private final int[] from;
    private final int[] to;

    Stage(int mode, Broadcast<Weights> weights, NetworkSpec spec, long seed, int[] from, int[] to) {
      this.mode = mode;
      this.weights = weights;
      this.spec = spec;
      this.seed = seed;
      this.from = from;
      this.to = to;
    }

    @Override
    protected Object run(PartitionData data) {
      if (mode == 0) {
        return null;
      }
      Object w = weights.value().values();
      if (mode == 2) {
        SparkGradientSource.partitionGradient(spec, data, seed, 1, from, to, w);
      }
      return null;
    }
  }

  public static Result measure(CachedData data, TrainConfig config, int steps) {
    JavaSparkContext jsc = data.context();
    double[] params = config.initializer().initialize(config.network(), config.seed());
    BatchPlan plan = new BatchPlan(data.trainRows(), config.batchSize());
    SparkGradientSource source = SparkGradientSource.withSparkJobs(config.network(), data, null);
    Optimizer optimizer = config.optimizer().copy();
    Precision precision = config.precision();
    double[] grad = new double[params.length];
    double[][] times = new double[5][steps];
    for (int s = 0; s < steps; s++) {
      BatchPlan.Slices slices = plan.cursor().next();
      for (int mode = 0; mode <= 2; mode++) {
        long start = System.nanoTime();
        Broadcast<Weights> bc = mode == 0 ? null : jsc.broadcast(Weights.of(params, precision));
        PartitionJobs.run(data.blocks(), new Stage(mode, bc, config.network(), config.seed(),
            slices.from(), slices.to()), SparkGradientSource.active(slices));
        if (bc != null) {
          bc.destroy();
        }
        times[mode][s] = (System.nanoTime() - start) / 1e6;
      }
      long start = System.nanoTime();
      GradientSum sum = source.gradient(params, config.seed(), 1, slices, precision);
      long gradientDone = System.nanoTime();
      sum.meanGradient(grad);
      optimizer.step(params, grad, optimizer.learningRate());
      times[3][s] = (gradientDone - start) / 1e6;
      times[4][s] = (System.nanoTime() - gradientDone) / 1e6;
    }
    return new Result(median(times[0]), median(times[1]), median(times[2]), median(times[3]),
        median(times[4]));
  }

  /** The component-wise median of many results (each stage's median on its own). */
  static Result median(List<Result> results) {
    return new Result(median(results, Result::jobMs), median(results, Result::broadcastMs),
        median(results, Result::computeMs), median(results, Result::stepMs),
        median(results, Result::updateMs));
  }

  private static double median(List<Result> results, ToDoubleFunction<Result> stage) {
    return median(results.stream().mapToDouble(stage).toArray());
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
