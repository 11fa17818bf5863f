package org.minibatch.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.minibatch.data.FashionMnist;
import org.minibatch.ml.NeuralNetClassificationModel;
import org.minibatch.ml.NeuralNetClassifier;
import org.minibatch.nn.DataBlock;
import org.minibatch.train.EpochMetrics;

/**
 * Fashion-MNIST through a Spark ML pipeline: a DataFrame of pixel vectors and labels,
 * {@code StandardScaler} then {@link NeuralNetClassifier}, and MLlib's
 * {@code MulticlassClassificationEvaluator} for the test accuracy. Reads the Debian package's
 * files ({@code apt-get install dataset-fashion-mnist}).
 *
 * <pre>
 *   java @conf/jvm.options -cp "target/minibatch-0.1.0-SNAPSHOT.jar:$(cat target/classpath.txt)" \
 *       org.minibatch.examples.PipelineExample [epochs] [training rows] [model dir or -] \
 *       [partitions]
 * </pre>
 *
 * Runs in {@code local[*]} unless {@code spark.master} is set (as spark-submit does), in a plain
 * {@code SparkSession} with none of the {@code minibatch} command's Spark defaults: whatever
 * {@code -Dspark.*} properties (say {@code spark.serializer}) or spark-submit set. With
 * {@code partitions}, the training DataFrame has that many partitions and so does the fit.
 */
public final class PipelineExample {
  private PipelineExample() {}

  /**
   * A plain Spark session, as a user's own program makes it: {@code local[*]} unless
   * {@code -Dspark.master} names another master (then every {@code spark.*} property applies).
   */
  static SparkSession session(String appName) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]").config("spark.driver.host", "127.0.0.1");
    }
    return builder.getOrCreate();
  }

  public static void main(String[] args) throws IOException {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int trainRows = args.length > 1 ? Integer.parseInt(args[1]) : 60_000;
    String modelDir = args.length > 2 && !args[2].equals("-") ? args[2] : null;
    int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    SparkSession spark = session("minibatch pipeline example");
    try {
      Dataset<Row> train = frame(spark, FashionMnist.train(), trainRows);
      train = (partitions > 0 ? train.repartition(partitions) : train).cache();
      Dataset<Row> test = frame(spark, FashionMnist.test(), Integer.MAX_VALUE).cache();

      StandardScaler scaler = new StandardScaler().setInputCol("pixels")
          .setOutputCol("features").setWithMean(true).setWithStd(true);
      NeuralNetClassifier classifier = new NeuralNetClassifier()
          .setHiddenLayers(256, 128).setActivation("relu")
          .setOptimizer("adam").setLearningRate(0.003)
          .setBatchSize(1024).setMaxEpochs(epochs).setValidationFraction(0.05).setSeed(1)
          .setNumPartitions(partitions);
      Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scaler, classifier});

      long start = System.nanoTime();
      PipelineModel model = pipeline.fit(train);
      double fitSeconds = (System.nanoTime() - start) / 1e9;
      NeuralNetClassificationModel network = (NeuralNetClassificationModel) model.stages()[1];
      System.out.println("network " + network.network() + ", fitted in "
          + String.format(Locale.ROOT, "%.1f s", fitSeconds));
      for (EpochMetrics e : network.summary().epochs()) {
        System.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, validation loss %.4f,"
            + " validation accuracy %.4f (%.1f s)%n", e.epoch(), e.trainLoss(),
            e.validationLoss(), e.validationAccuracy(), e.seconds());
      }
      System.out.println("stopped by " + network.summary().stopReason());
      System.out.printf(Locale.ROOT, "%d steps over %d partitions, %.2f ms a step (gradient"
          + " and update)%n", network.summary().totalSteps(), network.summary().numPartitions(),
          1e3 * (network.summary().timings().gradientSeconds()
              + network.summary().timings().updateSeconds()) / network.summary().totalSteps());

      double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
          .evaluate(model.transform(test));
      System.out.printf(Locale.ROOT, "test accuracy %.4f on %d rows%n", accuracy, test.count());
      if (modelDir != null) {
        model.write().overwrite().save(modelDir);
        System.out.println("saved the pipeline model to " + modelDir);
      }
    } finally {
      spark.stop();
    }
  }

  /** The first {@code limit} rows of a block as (pixels vector, label double). */
  static Dataset<Row> frame(SparkSession spark, DataBlock block, int limit) {
    int rows = Math.min(limit, block.rows());
    int n = block.featureCount();
    float[] pixels = block.features();
    List<Row> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      double[] x = new double[n];
      for (int j = 0; j < n; j++) {
        x[j] = pixels[r * n + j];
      }
      out.add(RowFactory.create(Vectors.dense(x), (double) block.targets()[r]));
    }
    StructType schema = new StructType().add("pixels", new VectorUDT())
        .add("label", DataTypes.DoubleType);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(out, jsc.defaultParallelism()), schema);
  }
}
