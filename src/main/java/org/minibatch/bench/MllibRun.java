package org.minibatch.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDInfo;

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
