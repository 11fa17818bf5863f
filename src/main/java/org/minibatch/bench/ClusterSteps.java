package org.minibatch.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.minibatch.nn.Initializer;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.Optimizers;
import org.minibatch.spark.Aggregation;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.SparkGradientSource;
import org.minibatch.train.BatchPlan;
import org.minibatch.train.GradientSum;
import org.minibatch.train.Precision;

/**
 * Real distributed steps (broadcast, backprop of the batch's slices, aggregation, Adam update)
 * of a network at several partition counts in the current Spark, with what crossed the driver's
 * boundary: task results into the driver (Spark's {@code resultSize} task metric, through a
 * listener) and the weight broadcast out of it (its bytes times the executors that ran tasks,
 * an upper bound, as torrent broadcast lets executors fetch pieces from each other).
 *
 * <p>The partition counts take turns one step at a time (every other turn in reverse), after a
 * warm-up of each, for the reason {@link StepScaling} gives: step times drift with the JIT and
 * the collector, and blocks of steps of one count would turn that drift into false trends.
 */
final class ClusterSteps {
  private ClusterSteps() {}

  /** Median step and mean bytes per step. */
  record Point(String network, int partitions, int batch, double stepMs, double quartile1Ms,
      double quartile3Ms, double bytesToDriver, double bytesFromDriver, double tasksPerStep,
      String route) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s, %d partitions, batch %d: %.1f ms a step"
          + " (quartiles %.1f, %.1f), %.1f tasks, %s route, %.1f MB to the driver, %.1f MB out",
          network, partitions, batch, stepMs, quartile1Ms, quartile3Ms, tasksPerStep, route,
          bytesToDriver / 1e6, bytesFromDriver / 1e6);
    }
  }

  /** Counts task results and the executors that ran tasks while installed. */
  private static final class Traffic extends SparkListener {
    final AtomicLong resultBytes = new AtomicLong();
    final AtomicLong tasks = new AtomicLong();
    final Set<String> executors = Collections.synchronizedSet(new HashSet<>());

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        resultBytes.addAndGet(end.taskMetrics().resultSize());
      }
      tasks.incrementAndGet();
      executors.add(end.taskInfo().executorId());
    }

    void reset() {
      resultBytes.set(0);
      tasks.set(0);
      executors.clear();
    }
  }

  /** Training steps of one network on one cached data set, with their measurements. */
  private static final class Stepper {
    final CachedData data;
    final NetworkSpec spec;
    final BatchPlan plan;
    final SparkGradientSource source;
    final double[] params;
    final double[] grad;
    final Optimizer adam = Optimizers.parse("adam(lr=0.001)");
    final Aggregation.Limits limits;
    final List<Double> millis = new ArrayList<>();
    long toDriver;
    long fromDriver;
    long tasks;
    String route;
    BatchPlan.Cursor cursor;

    Stepper(CachedData data, NetworkSpec spec, int batch) {
      this.data = data;
      this.spec = spec;
      this.plan = new BatchPlan(data.trainRows(), batch);
      this.source = SparkGradientSource.withSparkJobs(spec, data, null);
      this.params = Initializer.parse("he_normal").initialize(spec, 1);
      this.grad = new double[params.length];
      this.cursor = plan.cursor();
      this.limits = Aggregation.Limits.of(data.context().getConf());
    }

    void step(SparkContext sc, Traffic traffic) {
      if (!cursor.hasNext()) {
        cursor = plan.cursor();
      }
      BatchPlan.Slices slices = cursor.next();
      route = Aggregation.choose(SparkGradientSource.active(slices).length, params.length,
          Precision.FLOAT32, limits).route().name().toLowerCase(Locale.ROOT);
      traffic.reset();
      long start = System.nanoTime();
      GradientSum sum = source.gradient(params, 1, 1, slices, Precision.FLOAT32);
      sum.meanGradient(grad);
      adam.step(params, grad, adam.learningRate());
      millis.add((System.nanoTime() - start) / 1e6);
      drain(sc);
      toDriver += traffic.resultBytes.get();
      tasks += traffic.tasks.get();
      fromDriver += 4L * params.length * Math.max(1, traffic.executors.size());
    }

    void forget() {
      millis.clear();
      toDriver = 0;
      fromDriver = 0;
      tasks = 0;
    }

    Point point() {
      double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(sorted);
      int n = sorted.length;
      return new Point(spec.toString(), data.trainRows().length, plan.batchSize(),
          sorted[n / 2], sorted[n / 4], sorted[3 * n / 4], toDriver / (double) n,
          fromDriver / (double) n, tasks / (double) n, route);
    }
  }

  private static void drain(SparkContext sc) {
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
  }

  /**
   * Each network at each partition count: the data cached once per count, then per network a
   * warm-up of {@code warmup[n]} steps at each count and {@code steps[n]} measured steps in turns.
   */
  static List<Point> sweep(JavaSparkContext jsc, List<NetworkSpec> networks, int[] batches,
      int[] partitions, int[] warmup, int[] steps) {
    SparkContext sc = jsc.sc();
    List<CachedData> cached = new ArrayList<>();
    Traffic traffic = new Traffic();
    sc.addSparkListener(traffic);
    try {
      for (int p : partitions) {
        cached.add(CachedData.prepare(BenchData.trainRows(jsc, 1, Math.min(p, 16)),
            networks.get(0), new CachedData.Layout(p, 0, 1)));
      }
      List<Point> points = new ArrayList<>();
      for (int n = 0; n < networks.size(); n++) {
        List<Stepper> steppers = new ArrayList<>();
        for (CachedData data : cached) {
          steppers.add(new Stepper(data, networks.get(n), batches[n]));
        }
        for (Stepper s : steppers) {
          for (int i = 0; i < warmup[n]; i++) {
            s.step(sc, traffic);
          }
          s.forget();
        }
        System.gc();
        for (int i = 0; i < steps[n]; i++) {
          for (int k = 0; k < steppers.size(); k++) {
            steppers.get(i % 2 == 0 ? k : steppers.size() - 1 - k).step(sc, traffic);
          }
        }
        steppers.forEach(s -> points.add(s.point()));
      }
      return points;
    } finally {
      sc.removeSparkListener(traffic);
      cached.forEach(CachedData::close);
    }
  }
}
