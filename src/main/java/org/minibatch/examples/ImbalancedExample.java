package org.minibatch.examples;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.util.Locale;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minibatch.data.FashionMnist;
import org.minibatch.ml.NeuralNetClassifier;

/**
 * An imbalanced problem and {@code weightCol}, the Spark ML way: Fashion-MNIST's training set
 * with only one ankle boot (class 9) in {@code keep} of the usual (2% by default), fitted twice
 * in a pipeline, once plain and once with each row weighted by n / (k n_c), the inverse of its
 * class's frequency ("balanced" class weights). Both models are scored on the balanced test set
 * with MLlib's {@code MulticlassClassificationEvaluator}: accuracy, and the recall and F1 of
 * the rare class. Reads the Debian package's files ({@code apt-get install
 * dataset-fashion-mnist}).
 *
 * <pre>
 *   java @conf/jvm.options -cp "target/minibatch-0.1.0-SNAPSHOT.jar:$(cat target/classpath.txt)" \
 *       org.minibatch.examples.ImbalancedExample [epochs] [keep]
 * </pre>
 */
public final class ImbalancedExample {
  private static final double RARE = 9;

  private ImbalancedExample() {}

  public static void main(String[] args) throws IOException {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    double keep = args.length > 1 ? Double.parseDouble(args[1]) : 0.02;
    SparkSession spark = PipelineExample.session("minibatch imbalanced");
    try {
      Dataset<Row> all = PipelineExample.frame(spark, FashionMnist.train(), Integer.MAX_VALUE);
      // every row of the common classes, a seeded sample of the rare one
      Dataset<Row> train = all.where(col("label").notEqual(RARE))
          .union(all.where(col("label").equalTo(RARE)).sample(keep, 7)).cache();
      Dataset<Row> test = PipelineExample.frame(spark, FashionMnist.test(), Integer.MAX_VALUE)
          .cache();
      long rows = train.count();
      Dataset<Row> classes = train.groupBy("label").agg(count(lit(1)).as("n_c"));
      long k = classes.count();
      Dataset<Row> weighted = train.join(classes, "label")
          .withColumn("w", lit((double) rows / k).divide(col("n_c"))).drop("n_c").cache();
      Row check = weighted.agg(sum("w")).head();
      System.out.printf(Locale.ROOT, "%,d training rows, %d of class %.0f; weights sum to"
          + " %.1f%n", rows, weighted.where(col("label").equalTo(RARE)).count(), RARE,
          check.getDouble(0));

      for (String weightCol : new String[] {"", "w"}) {
        NeuralNetClassifier classifier = new NeuralNetClassifier().setHiddenLayers(256, 128)
            .setOptimizer("adam").setLearningRate(0.002).setBatchSize(512)
            .setMaxEpochs(epochs).setSeed(1).setWeightCol(weightCol);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            new StandardScaler().setInputCol("pixels").setOutputCol("features")
                .setWithMean(true).setWithStd(true), classifier}).fit(weighted);
        Dataset<Row> predicted = model.transform(test).cache();
        MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator();
        double accuracy = evaluator.setMetricName("accuracy").evaluate(predicted);
        double recall = evaluator.setMetricName("recallByLabel").setMetricLabel(RARE)
            .evaluate(predicted);
        double f1 = evaluator.setMetricName("fMeasureByLabel").setMetricLabel(RARE)
            .evaluate(predicted);
        System.out.printf(Locale.ROOT, "%-22s test accuracy %.4f, class %.0f recall %.4f,"
            + " F1 %.4f%n", weightCol.isEmpty() ? "unweighted:" : "weightCol=w (balanced):",
            accuracy, RARE, recall, f1);
        predicted.unpersist();
      }
    } finally {
      spark.stop();
    }
  }
}
