package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.minibatch.data.InvalidDataException;
import org.minibatch.data.LabeledRow;
import org.minibatch.nn.DataBlock;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.Evaluation;
import org.minibatch.train.LocalGradientSource;
import org.minibatch.train.StopReason;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingResult;

class DistributedTrainerTest {
  static final NetworkSpec SPEC = NetworkSpec.parse("6-16-8-3 tanh softmax");

  /** Three Gaussian blobs in 6 dimensions; row i is a pure function of (seed, i). */
  static List<LabeledRow> blobs(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<LabeledRow> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      double[] x = new double[6];
      for (int j = 0; j < 6; j++) {
        x[j] = random.nextGaussian() * 0.8 + (j % 3 == label ? 1.5 : 0);
      }
      out.add(LabeledRow.classified(x, label));
    }
    return out;
  }

  static JavaRDD<LabeledRow> rdd(List<LabeledRow> rows, int slices) {
    return LocalSpark.context().parallelize(rows, slices);
  }

  static TrainConfig config(int epochs) {
    return TrainConfig.builder(SPEC).optimizer("sgd(lr=0.2)").batchSize(32).seed(5)
        .maxEpochs(epochs).build();
  }

  @Test
  void onePartitionIsBitIdenticalToTheSingleMachineTrainer() {
    List<LabeledRow> rows = blobs(300, 1);
    TrainConfig config = config(3);
    try (CachedData data = CachedData.prepare(rdd(rows, 3), SPEC,
        new CachedData.Layout(1, 0, config.seed()))) {
      TrainingResult distributed = new DistributedTrainer(config).train(data, null);
      DataBlock block = DataBlock.of(rows.stream().map(LabeledRow::features)
          .toArray(double[][]::new), rows.stream().map(LabeledRow::targets)
          .toArray(double[][]::new));
      TrainingResult local = new Trainer(config)
          .train(new LocalGradientSource(SPEC, List.of(block), null));
      assertEquals(local.steps(), distributed.steps());
      assertArrayEquals(local.params(), distributed.params(), 0);
    }
  }

  @Test
  void sameSeedAndPartitionCountGiveBitIdenticalWeights() {
    List<LabeledRow> rows = blobs(500, 2);
    TrainConfig config = config(2);
    double[][] runs = new double[2][];
    for (int run = 0; run < 2; run++) {
      // a different input slicing each run: the layout must not depend on it
      try (CachedData data = CachedData.prepare(rdd(rows, 2 + run * 3), SPEC,
          new CachedData.Layout(3, 0.2, 9))) {
        runs[run] = new DistributedTrainer(config).train(data, null).params();
      }
    }
    assertArrayEquals(runs[0], runs[1], 0);
  }

  @Test
  void learnsAndValidatesOnHeldOutRows() {
    try (CachedData data = CachedData.prepare(rdd(blobs(900, 3), 2), SPEC,
        new CachedData.Layout(2, 0.2, 1))) {
      long heldOut = data.totalValidationRows();
      assertTrue(heldOut > 120 && heldOut < 240, "held out " + heldOut);
      assertEquals(900, heldOut + data.totalTrainRows());
      TrainingResult result = new DistributedTrainer(config(8)).train(data, null);
      assertEquals(StopReason.MAX_EPOCHS, result.stopReason());
      Evaluation validation = SparkGradientSource.evaluate(data, true, result.params());
      assertEquals(heldOut, validation.rows());
      assertTrue(validation.accuracy() > 0.85, "validation accuracy " + validation.accuracy());
      double lastEpochAccuracy = result.history().epochs().get(7).validationAccuracy();
      assertEquals(validation.accuracy(), lastEpochAccuracy, 0);
    }
  }

  @Test
  void preparesADataFrameWithAVectorColumnLikeTheEquivalentRdd() {
    List<LabeledRow> rows = blobs(200, 6);
    List<Row> frameRows = new ArrayList<>();
    for (LabeledRow r : rows) {
      frameRows.add(RowFactory.create(Vectors.dense(r.features()), r.targets()[0]));
    }
    StructType schema = new StructType()
        .add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
    Dataset<Row> frame = LocalSpark.session().createDataFrame(frameRows, schema);
    TrainConfig config = config(1);
    try (CachedData fromFrame = CachedData.fromDataFrame(frame, "features", "label", SPEC,
            new CachedData.Layout(2, 0.1, 3));
        CachedData fromRdd = CachedData.prepare(rdd(rows, 2), SPEC,
            new CachedData.Layout(2, 0.1, 3))) {
      assertArrayEquals(fromRdd.trainRows(), fromFrame.trainRows());
      assertArrayEquals(new DistributedTrainer(config).train(fromRdd, null).params(),
          new DistributedTrainer(config).train(fromFrame, null).params(), 0);
      assertTrue(fromFrame.cachedBytes() >= 4L * (6 + 1) * 200);
    }
  }

  @Test
  void skipModeLeavesOutAndCountsInvalidRows() {
    List<LabeledRow> rows = blobs(60, 8);
    rows.get(7).features()[2] = Double.POSITIVE_INFINITY;
    rows.set(21, LabeledRow.classified(rows.get(21).features(), 4));
    rows.set(40, new LabeledRow(new double[6], null));
    try (CachedData data = CachedData.prepare(rdd(rows, 3), SPEC,
        new CachedData.Layout(2, 0, 1, true))) {
      assertEquals(3, data.skippedRows());
      assertEquals(57, data.totalTrainRows());
      assertEquals("row 7, feature 2: Infinity is not a finite number", data.firstSkipped());
    }
  }

  @Test
  void emptyPartitionsAreFineButEmptyDataIsNot() {
    TrainConfig config = TrainConfig.builder(SPEC).optimizer("sgd(lr=0.1)").batchSize(2)
        .maxEpochs(2).build();
    try (CachedData few = CachedData.prepare(rdd(blobs(3, 1), 1), SPEC,
        new CachedData.Layout(8, 0, 1))) {
      assertEquals(3, few.totalTrainRows());
      assertTrue(java.util.Arrays.stream(few.trainRows()).filter(n -> n == 0).count() >= 5);
      assertEquals(StopReason.MAX_EPOCHS, new DistributedTrainer(config).train(few, null)
          .stopReason());
    }
    try (CachedData none = CachedData.prepare(rdd(List.of(), 1), SPEC,
        new CachedData.Layout(2, 0, 1))) {
      assertEquals("the training data has no rows", assertThrows(
          IllegalArgumentException.class, () -> new DistributedTrainer(config).train(none,
              null)).getMessage());
    }
  }

  @Test
  void badRowsFailPreparationNamingTheRow() {
    List<LabeledRow> rows = blobs(50, 4);
    double[] features = rows.get(17).features();
    features[3] = Double.NaN;
    InvalidDataException nan = assertThrows(InvalidDataException.class,
        () -> CachedData.prepare(rdd(rows, 2), SPEC, new CachedData.Layout(2, 0, 1)));
    assertEquals("row 17, feature 3: NaN is not a finite number", nan.getMessage());

    List<LabeledRow> labels = blobs(50, 4);
    labels.set(30, LabeledRow.classified(labels.get(30).features(), 3));
    InvalidDataException label = assertThrows(InvalidDataException.class,
        () -> CachedData.prepare(rdd(labels, 2), SPEC, new CachedData.Layout(2, 0, 1)));
    assertEquals("row 30: label 3.0 is not a class index: expected an integer in 0..2",
        label.getMessage());

    List<LabeledRow> target = blobs(50, 4);
    target.set(12, new LabeledRow(target.get(12).features(), new double[] {Double.NaN}));
    assertEquals("row 12: label NaN is not a class index: expected an integer in 0..2",
        assertThrows(InvalidDataException.class, () -> CachedData.prepare(rdd(target, 2), SPEC,
            new CachedData.Layout(2, 0, 1))).getMessage());

    List<LabeledRow> width = blobs(50, 4);
    width.set(5, LabeledRow.classified(new double[4], 0));
    assertEquals("row 5: has 4 features, expected 6", assertThrows(InvalidDataException.class,
        () -> CachedData.prepare(rdd(width, 2), SPEC, new CachedData.Layout(2, 0, 1)))
        .getMessage());
  }
}
