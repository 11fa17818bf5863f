package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeuralNetRegressorTest {

  /** A smooth nonlinear function of four inputs in [-1, 1]. */
  static double f(double[] x) {
    return Math.sin(Math.PI * x[0]) + x[1] * x[2] + 0.5 * Math.cos(2 * x[3]);
  }

  /** Rows of four uniform inputs; label f(x), or the vector (f(x), x0 * x1) if requested. */
  static Dataset<Row> frame(int rows, long seed, boolean twoTargets) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) {
        x[j] = random.nextDouble(-1, 1);
      }
      Object label = twoTargets ? Vectors.dense(f(x), x[0] * x[1]) : f(x);
      out.add(RowFactory.create(Vectors.dense(x), label));
    }
    StructType schema = new StructType().add("features", new VectorUDT())
        .add("label", twoTargets ? new VectorUDT() : DataTypes.DoubleType);
    return MlTestData.spark().createDataFrame(out, schema);
  }

  static double std(Dataset<Row> frame) {
    return frame.selectExpr("stddev_pop(label)").head().getDouble(0);
  }

  @Test
  void fitsASmoothFunctionToATenthOfItsStandardDeviation() {
    Dataset<Row> train = frame(2000, 1, false).cache();
    Dataset<Row> test = frame(500, 2, false);
    NeuralNetRegressor nn = new NeuralNetRegressor().setHiddenLayers(32, 32)
        .setActivation("tanh").setOptimizer("adam(lr=0.02)").setBatchSize(200)
        .setMaxEpochs(30).setNumPartitions(2).setSeed(4);
    NeuralNetRegressionModel model = nn.fit(train);
    assertEquals("4-32-32-1 tanh identity mse", model.network());
    assertFalse(model.predictsVectors());
    double rmse = new RegressionEvaluator().setMetricName("rmse")
        .evaluate(model.transform(test));
    double std = std(test);
    assertTrue(rmse < 0.1 * std, "test rmse " + rmse + ", target std " + std);
    assertEquals(30, model.summary().totalEpochs());
    train.unpersist();
  }

  @Test
  void vectorLabelsGiveVectorPredictionsAndSurviveSaveAndLoad(@TempDir Path dir)
      throws Exception {
    Dataset<Row> train = frame(600, 3, true);
    NeuralNetRegressor nn = new NeuralNetRegressor().setHiddenLayers(16)
        .setActivation("tanh").setOptimizer("adam").setLearningRate(0.02).setBatchSize(100)
        .setMaxEpochs(8).setNumPartitions(2).setValidationFraction(0.2).setPatience(3);
    NeuralNetRegressionModel model = nn.fit(train);
    assertTrue(model.predictsVectors());
    assertEquals(2, model.numTargets());
    double[] validationLoss = model.summary().validationLoss();
    assertTrue(validationLoss[validationLoss.length - 1] < 0.8 * validationLoss[0],
        java.util.Arrays.toString(validationLoss));

    Dataset<Row> test = frame(50, 4, true);
    Dataset<Row> predicted = model.transform(test);
    assertEquals(new VectorUDT(), predicted.schema().apply("prediction").dataType());
    List<Row> before = predicted.select("prediction").collectAsList();
    assertEquals(2, ((Vector) before.get(0).get(0)).size());

    String path = dir.resolve("regressor").toString();
    model.write().save(path);
    NeuralNetRegressionModel loaded = NeuralNetRegressionModel.load(path);
    assertTrue(loaded.predictsVectors());
    assertArrayEquals(model.weights(), loaded.weights(), 0);
    assertEquals(before, loaded.transform(test).select("prediction").collectAsList());
  }

  @Test
  void accuracyIsNoEarlyStoppingMetricForARegressor() {
    NeuralNetRegressor nn = new NeuralNetRegressor().setValidationFraction(0.2).setPatience(2)
        .setEarlyStoppingMetric("accuracy");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> nn.fit(frame(20, 5, false)));
    assertEquals(nn.uid() + " parameter earlyStoppingMetric given invalid value 'accuracy': a"
        + " regressor has no accuracy; use loss", e.getMessage());
  }
}
