package org.minibatch.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark MLlib's {@code MultilayerPerceptronClassifier} (sigmoid hidden layers, softmax output)
 * on the same data: seconds to fit, test accuracy, and the most bytes per row its cached
 * training data took in Spark's storage while fitting (MLlib caches the stacked rows itself).
 */
final class MllibRun {
  /** One fit. */
  record Result(String solver, int iterations, long rows, double seconds, double testAccuracy,
      double cachedBytesPerRow) {}

  private MllibRun() {}

  static Result fit(Dataset<Row> train, Dataset<Row> test, int[] layers, String solver,
      int iterations, double stepSize, long seed) throws InterruptedException {
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(layers)
        .setSolver(solver).setMaxIter(iterations).setTol(0).setSeed(seed)
        .setStepSize(stepSize).setFeaturesCol("features").setLabelCol("label");
    long rows = train.count();
    AtomicLong peak = new AtomicLong();
    Thread poller = storagePoller(train, peak);
    poller.start();
    long start = System.nanoTime();
    MultilayerPerceptronClassificationModel model = mlp.fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    poller.interrupt();
    poller.join();
    double accuracy = test == null ? Double.NaN : new MulticlassClassificationEvaluator()
        .setMetricName("accuracy").evaluate(model.transform(test));
    return new Result(solver, iterations, rows, seconds, accuracy, (double) peak.get() / rows);
  }

  /**
   * Median seconds of one gd iteration over {@code train}: each iteration of MLlib's
   * {@code GradientDescent} is one Spark job, timed by a listener, so caching the stacked rows
   * (inside the first iteration's job) and the rest of {@code fit} stay out of it. Timing whole
   * fits and taking differences was at the mercy of that caching pass.
   */
  static double gdIterationSeconds(Dataset<Row> train, int[] layers, int iterations, long seed) {
    SparkContext sc = train.sparkSession().sparkContext();
    GradientDescentJobs jobs = new GradientDescentJobs();
    sc.addSparkListener(jobs);
    try {
      new MultilayerPerceptronClassifier().setLayers(layers).setSolver("gd")
          .setMaxIter(iterations).setTol(0).setSeed(seed).setStepSize(0.5)
          .setFeaturesCol("features").setLabelCol("label").fit(train);
      sc.listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not drain", e);
    } finally {
      sc.removeSparkListener(jobs);
    }
    return jobs.medianSeconds(iterations);
  }

  /**
   * Durations of the {@code treeAggregate} jobs of MLlib's {@code GradientDescent}, one per
   * iteration (it runs other jobs too, such as a count before the first iteration).
   * The first also stacks and caches the rows; the median leaves it out.
   */
  private static final class GradientDescentJobs extends SparkListener {
    private final Map<Integer, Long> started = new ConcurrentHashMap<>();
    private final List<Double> seconds = new CopyOnWriteArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      boolean iteration = CollectionConverters.asJava(start.stageInfos()).stream()
          .anyMatch(stage -> stage.name().startsWith("treeAggregate at GradientDescent"));
      if (iteration) {
        started.put(start.jobId(), start.time());
      }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
      Long start = started.remove(end.jobId());
      if (start != null) {
        seconds.add((end.time() - start) / 1e3);
      }
    }

    double medianSeconds(int iterations) {
      // At least one per iteration (Spark 4.1 ran 4 for 3 iterations here); the median does
      // not care about one extra.
      if (seconds.size() < iterations) {
        throw new IllegalStateException("expected " + iterations + " GradientDescent jobs, saw "
            + seconds.size() + ": MLlib's gd no longer runs one job per iteration");
      }
      double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return sorted[sorted.length / 2];
    }
  }

  /** Samples the cached bytes (memory and disk) of every RDD but the input's, keeping the peak. */
  private static Thread storagePoller(Dataset<Row> train, AtomicLong peak) {
    var sc = train.sparkSession().sparkContext();
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        long bytes = 0;
        for (RDDInfo info : sc.getRDDStorageInfo()) {
          if (!info.name().startsWith("minibatch")) {
            bytes += info.memSize() + info.diskSize();
          }
        }
        peak.accumulateAndGet(bytes, Math::max);
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "mllib-storage-poller");
    t.setDaemon(true);
    return t;
  }
}
