package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** The acceptance test: Pipeline + CrossValidator + persistence across sessions. */
class PipelineTuningTest {

  @Test
  void crossValidatedPipelineIsSavedAndPredictsIdenticallyInANewSession(@TempDir Path dir)
      throws Exception {
    // features far from zero mean and unit scale, so the StandardScaler stage matters
    Dataset<Row> train = MlTestData.blobs(360, 6, 7, 10, 5);
    List<Row> heldOut = MlTestData.blobs(120, 6, 8, 10, 5).collectAsList();

    StandardScaler scaler = new StandardScaler().setInputCol("features")
        .setOutputCol("scaled").setWithMean(true);
    NeuralNetClassifier nn = new NeuralNetClassifier().setFeaturesCol("scaled")
        .setHiddenLayers(8).setBatchSize(60).setMaxEpochs(4).setNumPartitions(2).setSeed(1);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scaler, nn});
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(nn.optimizer(), CollectionConverters.asScala(List.of("sgd", "adam")))
        .addGrid(nn.learningRate(), new double[] {1e-4, 0.05})
        .build();
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy");
    CrossValidator cv = new CrossValidator().setEstimator(pipeline)
        .setEstimatorParamMaps(grid).setEvaluator(accuracy).setNumFolds(2).setParallelism(2)
        .setSeed(3);
    CrossValidatorModel cvModel = cv.fit(train);

    double[] metrics = cvModel.avgMetrics();
    assertEquals(4, metrics.length);
    int best = 0;
    for (int i = 1; i < metrics.length; i++) {
      best = metrics[i] > metrics[best] ? i : best;
    }
    // 16 steps at lr 1e-4 barely move the weights; the grid must see the difference
    assertEquals(0.05, (Double) grid[best].apply(nn.learningRate()), 0,
        java.util.Arrays.toString(metrics));
    PipelineModel bestModel = (PipelineModel) cvModel.bestModel();
    NeuralNetClassificationModel fitted =
        (NeuralNetClassificationModel) bestModel.stages()[1];
    assertEquals(grid[best].apply(nn.optimizer()), fitted.parent().getOrDefault(
        ((NeuralNetClassifier) fitted.parent()).optimizer()));
    assertTrue(fitted.hasSummary());

    SparkSession original = MlTestData.spark();
    Dataset<Row> test = original.createDataFrame(heldOut, train.schema());
    List<Row> before = bestModel.transform(test)
        .select("rawPrediction", "probability", "prediction").collectAsList();
    double heldOutAccuracy = accuracy.evaluate(bestModel.transform(test));
    assertTrue(heldOutAccuracy > 0.9, "held-out accuracy " + heldOutAccuracy);
    String path = dir.resolve("best-pipeline").toString();
    bestModel.write().save(path);

    SparkSession fresh = original.newSession();
    SparkSession.setActiveSession(fresh);
    try {
      PipelineModel loaded = PipelineModel.read().session(fresh).load(path);
      assertNotSame(bestModel, loaded);
      NeuralNetClassificationModel reloaded =
          (NeuralNetClassificationModel) loaded.stages()[1];
      assertFalse(reloaded.hasSummary());
      assertEquals(fitted.uid(), reloaded.uid());
      assertEquals("scaled", reloaded.getFeaturesCol());
      Dataset<Row> freshTest = fresh.createDataFrame(heldOut, train.schema());
      List<Row> after = loaded.transform(freshTest)
          .select("rawPrediction", "probability", "prediction").collectAsList();
      assertEquals(before, after);
    } finally {
      SparkSession.setActiveSession(original);
    }
  }
}
