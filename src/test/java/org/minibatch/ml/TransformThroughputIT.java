package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.minibatch.nn.NetworkSpec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Heavier checks: transform on 10,000 rows of Fashion-MNIST size (784-256-128-10), vectorized,
 * against Spark's per-row UDF path, and a TrainValidationSplit over the regressor. Their speeds
 * are compared by {@code bench --transform}.
 */
class TransformThroughputIT {

  @Test
  void vectorizedTransformAgreesWithTheRowByRowPath() {
    NetworkSpec spec = NetworkSpec.parse("784-256-128-10 relu softmax");
    NeuralNetClassificationModel model = new NeuralNetClassificationModel("m", spec,
        BatchTransformTest.randomWeights(spec, 1));
    Dataset<Row> data = BatchTransformTest.frame(10_000, 784, 2).cache();
    data.count();
    List<Row> fast = model.transform(data).orderBy("id").select("probability", "prediction")
        .collectAsList();
    List<Row> slow = model.transformRowByRow(data).orderBy("id")
        .select("probability", "prediction").collectAsList();
    for (int i = 0; i < fast.size(); i++) {
      assertArrayEquals(((Vector) slow.get(i).get(0)).toArray(),
          ((Vector) fast.get(i).get(0)).toArray(), 1e-12);
      assertEquals(slow.get(i).getDouble(1), fast.get(i).getDouble(1), 0);
    }
    data.unpersist();
  }

  @Test
  void trainValidationSplitTunesTheRegressorOverOptimizersAndRates() {
    Dataset<Row> train = NeuralNetRegressorTest.frame(1200, 9, false).cache();
    NeuralNetRegressor nn = new NeuralNetRegressor().setHiddenLayers(32, 32)
        .setActivation("tanh").setBatchSize(200).setMaxEpochs(15).setNumPartitions(2);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(nn.optimizer(), CollectionConverters.asScala(List.of("momentum", "adam")))
        .addGrid(nn.learningRate(), new double[] {1e-5, 0.02})
        .build();
    TrainValidationSplit tvs = new TrainValidationSplit().setEstimator(nn)
        .setEstimatorParamMaps(grid).setEvaluator(new RegressionEvaluator())
        .setTrainRatio(0.75).setSeed(2);
    TrainValidationSplitModel model = tvs.fit(train);
    double[] rmse = model.validationMetrics();
    int best = 0;
    for (int i = 1; i < rmse.length; i++) {
      best = rmse[i] < rmse[best] ? i : best;
    }
    assertEquals(0.02, (Double) grid[best].apply(nn.learningRate()), 0,
        java.util.Arrays.toString(rmse));
    NeuralNetRegressionModel fitted = (NeuralNetRegressionModel) model.bestModel();
    assertEquals("4-32-32-1 tanh identity mse", fitted.network());
    train.unpersist();
  }
}
