package org.minibatch.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.minibatch.data.InvalidDataException;

/** weightCol: a row of weight w counts as w copies of it, in the loss and in the metrics. */
class WeightColTest {
  private static final int ROWS = 240;

  /** One step an epoch over all {@code rows} rows: the mean gradient ignores row order. */
  private static NeuralNetClassifier fullBatch(int rows) {
    return new NeuralNetClassifier().setHiddenLayers(6).setOptimizer("sgd(lr=0.5)")
        .setBatchSize(rows).setMaxEpochs(15).setPrecision("float64").setNumPartitions(3);
  }

  @Test
  void weightedRowsTrainAsDuplicatedOnes() {
    Dataset<Row> blobs = MlTestData.blobs(ROWS, 4, 9);
    List<Row> rows = blobs.collectAsList();
    List<Row> weighted = new ArrayList<>();
    List<Row> duplicated = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      int w = 1 + i % 3;
      weighted.add(RowFactory.create(rows.get(i).get(0), rows.get(i).get(1), (double) w));
      for (int c = 0; c < w; c++) {
        duplicated.add(rows.get(i));
      }
    }
    Dataset<Row> withWeights = MlTestData.spark().createDataFrame(weighted,
        blobs.schema().add("w", "double"));
    Dataset<Row> copies = MlTestData.spark().createDataFrame(duplicated, blobs.schema());
    assertEquals(2 * ROWS, duplicated.size());
    NeuralNetClassificationModel byWeight = fullBatch(ROWS).setWeightCol("w").fit(withWeights);
    NeuralNetClassificationModel byCopies = fullBatch(2 * ROWS).fit(copies);
    double[] a = byWeight.summary().trainLoss();
    double[] b = byCopies.summary().trainLoss();
    assertEquals(15, a.length);
    for (int e = 0; e < a.length; e++) {
      assertEquals(b[e], a[e], 1e-6 * Math.abs(b[e]), "epoch " + (e + 1));
    }
    assertTrue(a[14] < 0.6 * a[0], "it learns: " + a[0] + " -> " + a[14]);
    double[] wa = byWeight.weights();
    double[] wb = byCopies.weights();
    for (int i = 0; i < wa.length; i++) {
      assertEquals(wb[i], wa[i], 1e-6, "weight " + i);
    }
    // without the column the same rows train differently
    double[] unweighted = fullBatch(ROWS).fit(withWeights).summary().trainLoss();
    assertTrue(Math.abs(unweighted[14] - a[14]) > 1e-4);
  }

  @Test
  void weightedValidationAccuracyCountsEachRowItsWeight() {
    // every row of class 2 weighs 0: the model and its held-out accuracy ignore them
    Dataset<Row> blobs = MlTestData.blobs(600, 4, 3)
        .withColumn("w", when(col("label").equalTo(2), lit(0.0)).otherwise(lit(1.0)));
    NeuralNetClassificationModel model = new NeuralNetClassifier().setHiddenLayers(8)
        .setOptimizer("adam(lr=0.02)").setBatchSize(32).setMaxEpochs(20)
        .setValidationFraction(0.3).setWeightCol("w").setNumPartitions(2).fit(blobs);
    double[] accuracy = model.summary().validationAccuracy();
    assertTrue(accuracy[accuracy.length - 1] > 0.9, "classes 0 and 1 only: "
        + accuracy[accuracy.length - 1]);
    long predictedTwo = model.transform(blobs).where("prediction = 2").count();
    assertTrue(predictedTwo < 60, predictedTwo + " rows predicted as the class that weighs 0");
  }

  @Test
  void badWeightsFailNamingTheRow() {
    Dataset<Row> blobs = MlTestData.blobs(30, 4, 1);
    List<Row> rows = new ArrayList<>();
    for (Row r : blobs.collectAsList()) {
      rows.add(RowFactory.create(r.get(0), r.get(1), rows.size() == 7 ? -1.0 : 1.0));
    }
    Dataset<Row> data = MlTestData.spark().createDataFrame(rows,
        blobs.schema().add("w", "double"));
    Exception e = assertThrows(Exception.class,
        () -> new NeuralNetClassifier().setHiddenLayers(4).setMaxEpochs(1).setWeightCol("w")
            .fit(data));
    Throwable cause = e;
    while (!(cause instanceof InvalidDataException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertEquals("row 7: weight -1.0 must be a finite number >= 0", cause.getMessage());
  }
}
