package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.minibatch.data.InvalidDataException;
import org.minibatch.optim.Optimizers;
import org.minibatch.util.Specs;

class NeuralNetClassifierTest {

  static NeuralNetClassifier small() {
    return new NeuralNetClassifier().setHiddenLayers(8).setActivation("tanh")
        .setOptimizer("adam(lr=0.05)").setBatchSize(32).setMaxEpochs(6).setNumPartitions(2)
        .setSeed(3);
  }

  @Test
  void learnsBlobsAndReportsItsTraining() {
    Dataset<Row> data = MlTestData.blobs(450, 5, 1);
    NeuralNetClassificationModel model = small().setValidationFraction(0.2).fit(data);
    assertEquals("5-8-3 tanh softmax cross_entropy", model.network());
    assertEquals(3, model.numClasses());
    assertEquals(5, model.numFeatures());

    Dataset<Row> predicted = model.transform(MlTestData.blobs(300, 5, 2));
    List<String> columns = List.of(predicted.columns());
    assertTrue(columns.containsAll(List.of("rawPrediction", "probability", "prediction")),
        columns.toString());
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(predicted);
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    Row first = predicted.head();
    Vector p = first.getAs("probability");
    assertEquals(1.0, p.toArray()[0] + p.toArray()[1] + p.toArray()[2], 1e-12);
    assertEquals((double) p.argmax(), first.<Double>getAs("prediction"), 0);

    assertTrue(model.hasSummary());
    NeuralNetTrainingSummary summary = model.summary();
    assertEquals("max_epochs", summary.stopReason());
    assertEquals(6, summary.totalEpochs());
    assertEquals(6, summary.trainLoss().length);
    assertTrue(summary.trainLoss()[5] < summary.trainLoss()[0], summary.toString());
    assertTrue(summary.validationAccuracy()[5] > 0.85, "validation accuracy");
    assertTrue(summary.timings().totalSeconds() > 0);
  }

  @Test
  void fitParsesEverySpecParamOnce() {
    Dataset<Row> data = MlTestData.blobs(150, 3, 4);
    NeuralNetClassifier nn = small().setMaxEpochs(1).setOptimizer("momentum(lr=0.05)")
        .setLearningRate(0.02).setSchedule("cosine(steps=5)");
    long before = Specs.parseCount();
    nn.fit(data);
    assertEquals(3, Specs.parseCount() - before, "activation, optimizer and schedule");
  }

  @Test
  void outputColumnsCanBeRenamedOrLeftOut() {
    Dataset<Row> data = MlTestData.blobs(150, 3, 4);
    NeuralNetClassificationModel model = small().setMaxEpochs(1).fit(data);
    model.setProbabilityCol("").setRawPredictionCol("logits").setPredictionCol("cls");
    assertEquals(List.of("features", "label", "cls", "logits"),
        List.of(model.transform(data).columns()));
    model.setThresholds(new double[] {1, 1, 1e-9});
    // a tiny threshold for class 2 wins every row, as with Spark's own classifiers
    assertEquals(150, model.transform(data).where("cls = 2").count());
  }

  @Test
  void aThresholdOfZeroPredictsAsSparkDoes() {
    Dataset<Row> data = MlTestData.blobs(150, 3, 4);
    // class 1's bias of -1e4 makes its probability exactly 0 in every row
    org.minibatch.nn.NetworkSpec spec = org.minibatch.nn.NetworkSpec.parse("3-3 relu softmax");
    double[] weights = new double[spec.numParameters()];
    weights[spec.biasOffset(1) + 1] = -1e4;
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(spec, weights);
    assertEquals(0.0, model.transform(data).select("probability").head()
        .<Vector>getAs(0).apply(1), 0);
    // Spark's rule scores p / t: a zero threshold gives +inf, and wins, where p > 0, but NaN,
    // which never wins, where p = 0 (ProbabilisticClassificationModel.probability2prediction)
    for (double[] thresholds : new double[][] {{1, 1, 0}, {1, 0, 1}, {0, 1, 1}}) {
      model.setThresholds(thresholds);
      List<Row> ours = model.transform(data).select("prediction").collectAsList();
      List<Row> spark = model.transformRowByRow(data).select("prediction").collectAsList();
      assertEquals(spark, ours, java.util.Arrays.toString(thresholds));
      long zeroThresholdWins = ours.stream().filter(r -> thresholds[(int) r.getDouble(0)] == 0)
          .count();
      assertEquals(thresholds[1] == 0 ? 0 : 150, zeroThresholdWins,
          java.util.Arrays.toString(thresholds));
    }
  }

  @Test
  void invalidParamsFailWhenSetNamingTheParam() {
    NeuralNetClassifier nn = new NeuralNetClassifier();
    IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
        () -> nn.setBatchSize(-1));
    assertEquals(nn.uid() + " parameter batchSize given invalid value -1: must be >= 1",
        batch.getMessage());
    IllegalArgumentException optimizer = assertThrows(IllegalArgumentException.class,
        () -> nn.setOptimizer("adamm(lr=0.1)"));
    assertTrue(optimizer.getMessage().startsWith(nn.uid()
        + " parameter optimizer given invalid value 'adamm(lr=0.1)': unknown optimizer"
        + " 'adamm'"), optimizer.getMessage());
    assertTrue(optimizer.getMessage().contains("adam"), optimizer.getMessage());
    for (double fraction : new double[] {-0.1, 1.0, 1.5}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> nn.setValidationFraction(fraction));
      assertEquals(nn.uid() + " parameter validationFraction given invalid value " + fraction
          + ": must be in [0, 1)", e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> nn.setHiddenLayers(16, 0));
    assertThrows(IllegalArgumentException.class, () -> nn.setLearningRate(0));
    assertThrows(IllegalArgumentException.class, () -> nn.setActivation("relu6"));
    IllegalArgumentException precision = assertThrows(IllegalArgumentException.class,
        () -> nn.setPrecision("float16"));
    assertTrue(precision.getMessage().startsWith(nn.uid() + " parameter precision given invalid"
        + " value 'float16': unknown precision 'float16'"), precision.getMessage());
    IllegalArgumentException schedule = assertThrows(IllegalArgumentException.class,
        () -> nn.setSchedule("step(lr=0.1,step_size=3)"));
    assertTrue(schedule.getMessage().startsWith(nn.uid() + " parameter schedule given invalid"
        + " value 'step(lr=0.1,step_size=3)': unknown key"), schedule.getMessage());
    // a ParamMap goes through the same validator
    IllegalArgumentException viaMap = assertThrows(IllegalArgumentException.class,
        () -> nn.copy(new ParamMap().put(nn.batchSize(), (Object) 0)));
    assertTrue(viaMap.getMessage().contains("parameter batchSize given invalid value 0"));
    assertEquals(128, nn.getBatchSize());
  }

  @Test
  void paramCombinationsAreCheckedAtFit() {
    Dataset<Row> data = MlTestData.blobs(60, 3, 5);
    NeuralNetClassifier patient = small().setPatience(2);
    IllegalArgumentException patience = assertThrows(IllegalArgumentException.class,
        () -> patient.fit(data));
    assertEquals(patient.uid() + " parameter patience = 2 needs held-out rows to watch: set"
        + " validationFraction in (0, 1)", patience.getMessage());
  }

  @Test
  void learningRateReplacesTheRateInsideTheOptimizerSpec() {
    NeuralNetClassifier nn = new NeuralNetClassifier()
        .setOptimizer("momentum(lr=0.5,gamma=0.8)");
    assertEquals(Optimizers.parse("momentum(lr=0.5,gamma=0.8)"), Fitting.optimizer(nn));
    nn.setLearningRate(0.01).setClipNorm(2).setWeightDecay(1e-4);
    assertEquals(Optimizers.parse("momentum(lr=0.01,gamma=0.8,weight_decay=1e-4,clip_norm=2)"),
        Fitting.optimizer(nn));
    assertEquals(Optimizers.parse("adam(lr=0.01,weight_decay=1e-4,clip_norm=2)"),
        Fitting.optimizer(nn.setOptimizer("adam")));
  }

  @Test
  void labelsMustBeClassIndicesNamingTheOffendingValue() {
    IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
        () -> small().fit(MlTestData.withLabels(0, 1, 2.5, 1)));
    assertTrue(fraction.getMessage().contains("labelCol 'label' holds 2.5, but a classifier"
        + " needs class indices 0..k-1"), fraction.getMessage());
    InvalidDataException negative = assertThrows(InvalidDataException.class,
        () -> small().fit(MlTestData.withLabels(0, 1, -1, 2, 1)));
    assertEquals("row 2: label -1.0 is not a class index: expected an integer in 0..2",
        negative.getMessage());
    InvalidDataException inner = assertThrows(InvalidDataException.class,
        () -> small().fit(MlTestData.withLabels(0, 1.5, 2, 2)));
    assertEquals("row 1: label 1.5 is not a class index: expected an integer in 0..2",
        inner.getMessage());
  }

  @Test
  void copiesShareNothingMutableAndExplainTheirParams() {
    NeuralNetClassifier nn = small();
    NeuralNetClassifier copy = nn.copy(new ParamMap().put(nn.maxEpochs(), (Object) 2));
    assertEquals(nn.uid(), copy.uid());
    assertEquals(2, copy.getMaxEpochs());
    assertEquals(6, nn.getMaxEpochs());
    assertArrayEquals(new int[] {8}, copy.getHiddenLayers());
    assertTrue(nn.explainParams().contains("learningRate: learning rate (> 0)"));
    assertFalse(nn.isSet(nn.learningRate()));
    assertEquals(nn.uid(), nn.featuresCol().parent());
  }
}
