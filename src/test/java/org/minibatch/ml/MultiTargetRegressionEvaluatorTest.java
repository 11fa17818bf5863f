package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vector labels as Spark users evaluate regressions: the metric of each target is
 * RegressionEvaluator's on that target's columns, checked here against values worked out by hand.
 */
class MultiTargetRegressionEvaluatorTest {

  /** Three rows, two targets: errors (1, 0, -2) on target 0 and (0.5, 0.5, 0.5) on target 1. */
  static Dataset<Row> vectors() {
    StructType schema = new StructType().add("label", new VectorUDT())
        .add("prediction", new VectorUDT());
    return MlTestData.spark().createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2), Vectors.dense(2, 2.5)),
        RowFactory.create(Vectors.dense(3, 4), Vectors.dense(3, 4.5)),
        RowFactory.create(Vectors.dense(5, 6), Vectors.dense(3, 6.5))), schema);
  }

  @Test
  void eachTargetHasTheMetricOfItsOwnColumns() {
    MultiTargetRegressionEvaluator evaluator = new MultiTargetRegressionEvaluator();
    // mse target 0: (1 + 0 + 4) / 3; target 1: 0.25.
    assertEquals(5.0 / 3, evaluator.setMetricName("mse").setTarget(0).evaluate(vectors()), 1e-12);
    assertEquals(0.25, evaluator.setTarget(1).evaluate(vectors()), 1e-12);
    assertEquals((5.0 / 3 + 0.25) / 2, evaluator.setTarget(-1).evaluate(vectors()), 1e-12);
    // rmse mean: (sqrt(5/3) + 0.5) / 2; mae: (1 + 0.5) / 2.
    assertEquals((Math.sqrt(5.0 / 3) + 0.5) / 2,
        evaluator.setMetricName("rmse").evaluate(vectors()), 1e-12);
    assertEquals((1.0 + 0.5) / 2, evaluator.setMetricName("mae").evaluate(vectors()), 1e-12);
    // r2 target 0: 1 - 5 / 8 (labels 1, 3, 5: total sum of squares 8); target 1: 1 - 0.75 / 8.
    assertEquals(1 - 5.0 / 8, evaluator.setMetricName("r2").setTarget(0).evaluate(vectors()),
        1e-12);
    assertEquals(1 - 0.75 / 8, evaluator.setTarget(1).evaluate(vectors()), 1e-12);
    assertTrue(evaluator.isLargerBetter());
    assertFalse(evaluator.setMetricName("rmse").isLargerBetter());
  }

  @Test
  void aNumericLabelIsOneTargetAsRegressionEvaluatorSeesIt() {
    StructType schema = new StructType().add("y", DataTypes.IntegerType)
        .add("yhat", DataTypes.DoubleType);
    Dataset<Row> rows = MlTestData.spark().createDataFrame(List.of(RowFactory.create(1, 2.0),
        RowFactory.create(3, 3.0), RowFactory.create(5, 3.0)), schema);
    double ours = new MultiTargetRegressionEvaluator().setLabelCol("y").setPredictionCol("yhat")
        .evaluate(rows);
    assertEquals(Math.sqrt(5.0 / 3), ours, 1e-12);
    assertEquals(new RegressionEvaluator().setLabelCol("y").setPredictionCol("yhat")
        .evaluate(rows), ours, 0);
  }

  @Test
  void badTargetsAndSizesAndMetricsAreNamed() {
    MultiTargetRegressionEvaluator evaluator = new MultiTargetRegressionEvaluator();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> evaluator.setTarget(2).evaluate(vectors()));
    assertEquals(evaluator.uid() + " parameter target is 2, but the vectors have 2 targets"
        + " (allowed: -1 to 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> evaluator.setTarget(-2));
    assertEquals(evaluator.uid() + " parameter target given invalid value -2: must be >= -1",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> evaluator.setMetricName("rsme"));
    assertEquals(evaluator.uid() + " parameter metricName given invalid value 'rsme': must be"
        + " one of rmse, mse, r2, mae, var", e.getMessage());

    StructType schema = new StructType().add("label", new VectorUDT())
        .add("prediction", new VectorUDT());
    Dataset<Row> ragged = MlTestData.spark().createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2), Vectors.dense(1, 2)),
        RowFactory.create(Vectors.dense(1, 2, 3), Vectors.dense(1, 2))), schema);
    e = assertThrows(IllegalArgumentException.class,
        () -> new MultiTargetRegressionEvaluator().evaluate(ragged));
    assertEquals("labelCol 'label' holds vectors of size 2 to 3 and predictionCol 'prediction'"
        + " of size 2; every row needs one size in both", e.getMessage());
    Dataset<Row> withNull = MlTestData.spark().createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2), Vectors.dense(1, 2)),
        RowFactory.create(null, Vectors.dense(1, 2))), schema);
    e = assertThrows(IllegalArgumentException.class,
        () -> new MultiTargetRegressionEvaluator().evaluate(withNull));
    assertEquals("1 rows have a null in labelCol 'label' or predictionCol 'prediction'",
        e.getMessage());
  }

  @Test
  void weightsCountAsInRegressionEvaluator() {
    StructType schema = new StructType().add("label", new VectorUDT())
        .add("prediction", new VectorUDT()).add("w", DataTypes.DoubleType);
    // target 0 errors (1, 0, -2) weighted (1, 2, 3): mse (1 + 0 + 12) / 6
    Dataset<Row> rows = MlTestData.spark().createDataFrame(List.of(
        RowFactory.create(Vectors.dense(1, 2), Vectors.dense(2, 2.5), 1.0),
        RowFactory.create(Vectors.dense(3, 4), Vectors.dense(3, 4.5), 2.0),
        RowFactory.create(Vectors.dense(5, 6), Vectors.dense(3, 6.5), 3.0)), schema);
    assertEquals(13.0 / 6, new MultiTargetRegressionEvaluator().setMetricName("mse")
        .setTarget(0).setWeightCol("w").evaluate(rows), 1e-12);
    assertEquals(0.25, new MultiTargetRegressionEvaluator().setMetricName("mse")
        .setTarget(1).setWeightCol("w").evaluate(rows), 1e-12);
  }

  @Test
  void crossValidatesAVectorLabelRegressorAndSurvivesSaveAndLoad(@TempDir Path dir)
      throws Exception {
    NeuralNetRegressor nn = new NeuralNetRegressor().setHiddenLayers(8).setActivation("tanh")
        .setOptimizer("adam").setBatchSize(100).setMaxEpochs(3).setNumPartitions(2).setSeed(7);
    ParamMap[] grid = new ParamGridBuilder().addGrid(nn.learningRate(), new double[] {1e-4, 0.03})
        .build();
    MultiTargetRegressionEvaluator evaluator = new MultiTargetRegressionEvaluator();
    CrossValidatorModel cv = new CrossValidator().setEstimator(nn).setEstimatorParamMaps(grid)
        .setEvaluator(evaluator).setNumFolds(2).setSeed(3)
        .fit(NeuralNetRegressorTest.frame(400, 11, true));
    double[] rmse = cv.avgMetrics();
    assertTrue(rmse[1] < rmse[0], "rate 0.03 should fit better in 3 epochs: "
        + java.util.Arrays.toString(rmse));

    String path = dir.resolve("evaluator").toString();
    evaluator.setMetricName("mae").setTarget(1).write().save(path);
    MultiTargetRegressionEvaluator loaded = MultiTargetRegressionEvaluator.load(path);
    assertEquals(evaluator.uid(), loaded.uid());
    assertEquals("mae", loaded.getMetricName());
    assertEquals(1, loaded.getTarget());
  }
}
