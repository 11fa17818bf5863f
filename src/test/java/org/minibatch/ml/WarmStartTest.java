package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fitting from an initial model: a continued run, weights only, and shapes that differ. */
class WarmStartTest {
  private static final Dataset<Row> DATA = MlTestData.blobs(600, 5, 8);

  private static NeuralNetClassifier estimator(int epochs) {
    return new NeuralNetClassifier().setHiddenLayers(12).setOptimizer("adam(lr=0.01)")
        .setSchedule("cosine(steps=100)").setBatchSize(48).setValidationFraction(0.1)
        .setMaxEpochs(epochs).setNumPartitions(3).setSeed(4);
  }

  @Test
  void twoEpochsThenOneMoreAreOneThreeEpochFit() {
    NeuralNetClassificationModel three = estimator(3).fit(DATA);
    NeuralNetClassificationModel two = estimator(2).fit(DATA);
    NeuralNetClassificationModel continued = estimator(3).setInitialModel(two).fit(DATA);
    assertArrayEquals(three.weights(), continued.weights(), 0);
    assertEquals(3, continued.summary().totalEpochs());
    assertEquals(three.summary().totalSteps(), continued.summary().totalSteps());
    assertArrayEquals(three.summary().trainLoss(), continued.summary().trainLoss(), 0);
    // the model it started from is unchanged, and can be continued again
    assertArrayEquals(continued.weights(),
        estimator(3).setInitialModel(two).fit(DATA).weights(), 0);
  }

  @Test
  void aLoadedModelOrOtherSettingsCarryTheWeightsOnly(@TempDir Path dir) throws IOException {
    NeuralNetClassificationModel two = estimator(2).fit(DATA);
    String path = dir.resolve("two").toString();
    two.write().save(path);
    NeuralNetClassificationModel loaded = NeuralNetClassificationModel.load(path);
    assertFalse(loaded.hasSummary());
    // one step at a small rate from the loaded weights stays next to them
    NeuralNetClassificationModel step = estimator(3).setOptimizer("sgd(lr=0.0001)")
        .setMaxSteps(1).setInitialModel(loaded).fit(DATA);
    assertEquals(1, step.summary().totalSteps());
    double[] before = two.weights();
    double[] after = step.weights();
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], 1e-3, "weight " + i);
    }
    // other settings than the model's run: a new run from its weights, epochs from 0
    NeuralNetClassificationModel fresh = estimator(1).setSeed(5).setInitialModel(two)
        .fit(DATA);
    assertEquals(1, fresh.summary().totalEpochs());
    assertTrue(fresh.summary().trainLoss()[0] < estimator(1).setSeed(5).fit(DATA).summary()
        .trainLoss()[0], "starts from trained weights, not from scratch");
  }

  @Test
  void initialWeightsOfAnotherShapeFailNamingBothNetworks() {
    NeuralNetClassificationModel fourInputs = estimator(1).fit(MlTestData.blobs(90, 4, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> estimator(1).setInitialModel(fourInputs).fit(DATA));
    assertTrue(e.getMessage().endsWith(": the initial model's network 4-12-3 relu softmax"
        + " cross_entropy has 99 weights, but the data and params give network 5-12-3 relu"
        + " softmax cross_entropy with 111; start from a model with the same inputs, hidden"
        + " layers and outputs"), e.getMessage());
    NeuralNetClassifier direct = estimator(1).setInitialWeights(Vectors.dense(1, 2, 3));
    e = assertThrows(IllegalArgumentException.class, () -> direct.fit(DATA));
    assertTrue(e.getMessage().endsWith(": initialWeights hold 3 weights, but the data and"
        + " params give network 5-12-3 relu softmax cross_entropy with 111; start from a model"
        + " with the same inputs, hidden layers and outputs"), e.getMessage());
  }

  @Test
  void theRegressorContinuesItsRunToo() {
    Dataset<Row> data = MlTestData.blobs(300, 3, 2);
    NeuralNetRegressor regressor = new NeuralNetRegressor().setHiddenLayers(6)
        .setOptimizer("momentum(lr=0.01)").setBatchSize(32).setNumPartitions(2).setSeed(3);
    NeuralNetRegressionModel two = regressor.copy(new org.apache.spark.ml.param.ParamMap())
        .setMaxEpochs(2).fit(data);
    double[] three = regressor.copy(new org.apache.spark.ml.param.ParamMap()).setMaxEpochs(3)
        .fit(data).weights();
    assertArrayEquals(three, regressor.setMaxEpochs(3).setInitialModel(two).fit(data)
        .weights(), 0);
  }
}
