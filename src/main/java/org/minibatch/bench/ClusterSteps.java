package org.minibatch.bench;

import java.util.ArrayList;
import java.util.Arrays;
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
 * of one network at one partition count in the current Spark, with what crossed the driver's
 * boundary: task results into the driver (Spark's {@code resultSize} task metric, through a
 * listener) and the weight broadcast out of it (its bytes times the executors that ran tasks,
 * an upper bound, as torrent broadcast lets executors fetch pieces from each other).
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

  /** Counts task results and executors while installed. */
  private static final class Traffic extends SparkListener {
    final AtomicLong resultBytes = new AtomicLong();
    final AtomicLong tasks = new AtomicLong();
    final Set<String> executors = java.util.Collections.synchronizedSet(new HashSet<>());

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        resultBytes.addAndGet(end.taskMetrics().resultSize());
      }
      tasks.incrementAndGet();
      executors.add(end.taskInfo().executorId());
    }
  }

  static Point measure(CachedData data, NetworkSpec spec, int batch, int warmup, int steps) {
    SparkContext sc = data.context().sc();
    double[] params = org.minibatch.nn.Initializer.parse("he_normal").initialize(spec, 1);
    BatchPlan plan = new BatchPlan(data.trainRows(), batch);
    SparkGradientSource source = new SparkGradientSource(spec, data, null);
    Optimizer adam = Optimizers.parse("adam(lr=0.001)");
    double[] grad = new double[params.length];
    BatchPlan.Cursor cursor = plan.cursor();
    for (int s = 0; s < warmup; s++) {
      cursor = step(plan, cursor, source, params, grad, adam, null);
    }
    Traffic traffic = new Traffic();
    sc.addSparkListener(traffic);
    double[] times = new double[steps];
    long broadcastOut = 0;
    String route = "";
    try {
      for (int s = 0; s < steps; s++) {
        traffic.executors.clear();
        long start = System.nanoTime();
        String[] used = new String[1];
        cursor = step(plan, cursor, source, params, grad, adam, used);
        times[s] = (System.nanoTime() - start) / 1e6;
        route = used[0];
        drain(sc);
        broadcastOut += 4L * params.length * Math.max(1, traffic.executors.size());
      }
    } finally {
      sc.removeSparkListener(traffic);
    }
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    return new Point(spec.toString(), data.trainRows().length, batch, sorted[steps / 2],
        sorted[steps / 4], sorted[3 * steps / 4], traffic.resultBytes.get() / (double) steps,
        broadcastOut / (double) steps, traffic.tasks.get() / (double) steps, route);
  }

  private static BatchPlan.Cursor step(BatchPlan plan, BatchPlan.Cursor cursor,
      SparkGradientSource source, double[] params, double[] grad, Optimizer adam,
      String[] route) {
    BatchPlan.Cursor c = cursor.hasNext() ? cursor : plan.cursor();
    BatchPlan.Slices slices = c.next();
    if (route != null) {
      route[0] = Aggregation.choose(SparkGradientSource.active(slices).length, params.length,
          Precision.FLOAT32, 1L << 30).route().name().toLowerCase(Locale.ROOT);
    }
    GradientSum sum = source.gradient(params, 1, 1, slices, Precision.FLOAT32);
    sum.meanGradient(grad);
    adam.step(params, grad, adam.learningRate());
    return c;
  }

  private static void drain(SparkContext sc) {
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    }
  }

  /** Each network at each partition count, prepared once per partition count. */
  static List<Point> sweep(JavaSparkContext jsc, List<NetworkSpec> networks, int[] batches,
      int[] partitions, int[] steps) {
    List<Point> points = new ArrayList<>();
    for (int p : partitions) {
      try (CachedData data = CachedData.prepare(BenchData.trainRows(jsc, 1, Math.min(p, 16)),
          networks.get(0), new CachedData.Layout(p, 0, 1))) {
        System.gc();
        for (int n = 0; n < networks.size(); n++) {
          points.add(measure(data, networks.get(n), batches[n], Math.max(2, steps[n] / 4),
              steps[n]));
        }
      }
    }
    return points;
  }
}
