package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.nn.NetworkSpec;

class PersistenceTest {

  @BeforeAll
  static void startSpark() {
    // MLWriter would otherwise build a session of its own, without a master URL
    MlTestData.spark();
  }

  static NeuralNetClassificationModel model() {
    NetworkSpec spec = NetworkSpec.parse("4-6-3 tanh softmax");
    return new NeuralNetClassificationModel("nnClassifier_saved", spec,
        BatchTransformTest.randomWeights(spec, 5));
  }

  @Test
  void classificationModelRoundTripsWithItsParams(@TempDir Path dir) throws IOException {
    NeuralNetClassificationModel model = model().setFeaturesCol("x")
        .setThresholds(new double[] {0.5, 0.3, 0.2});
    String path = dir.resolve("model").toString();
    model.write().save(path);
    NeuralNetClassificationModel loaded = NeuralNetClassificationModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertEquals(model.network(), loaded.network());
    assertArrayEquals(model.weights(), loaded.weights(), 0);
    assertEquals("x", loaded.getFeaturesCol());
    assertArrayEquals(new double[] {0.5, 0.3, 0.2}, loaded.getThresholds(), 0);
    assertFalse(loaded.hasSummary());
    assertThrows(java.util.NoSuchElementException.class, loaded::summary);
    Dataset<Row> data = MlTestData.blobs(30, 4, 1).withColumnRenamed("features", "x");
    assertEquals(model.transform(data).collectAsList(), loaded.transform(data).collectAsList());
  }

  @Test
  void aModelSavedInAnotherFormatFailsToLoadWithAClearMessage(@TempDir Path dir)
      throws IOException {
    Path path = dir.resolve("model");
    model().write().save(path.toString());
    rewriteMetadata(path, "\"minibatchFormat\":" + ModelIO.FORMAT_VERSION,
        "\"minibatchFormat\":99");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetClassificationModel.load(path.toString()));
    assertTrue(e.getMessage().startsWith("cannot load NeuralNetClassificationModel from "
        + path + ": it was saved in minibatch model format 99"), e.getMessage());
    assertTrue(e.getMessage().contains("this version of minibatch reads formats 1 to "
        + ModelIO.FORMAT_VERSION), e.getMessage());
  }

  /** 300-256-10: 79,626 weights, more than one row of {@link ModelIO#WEIGHTS_PER_ROW}. */
  static NeuralNetRegressionModel bigModel() {
    NetworkSpec spec = NetworkSpec.parse("300-256-10 relu identity");
    return new NeuralNetRegressionModel("nnRegressor_big", spec,
        BatchTransformTest.randomWeights(spec, 3), true);
  }

  @Test
  void bigModelsAreWrittenInChunksOneTaskEachAndReadBackExactly(@TempDir Path dir)
      throws IOException {
    NeuralNetRegressionModel model = bigModel();
    assertEquals(79_626, model.weights().length);
    Path path = dir.resolve("model");
    model.write().save(path.toString());
    assertEquals(2, dataFiles(path).size(), "one Parquet file per chunk");
    List<Row> rows = MlTestData.spark().read().parquet(path.resolve("data").toString())
        .select("chunk", "weights").orderBy("chunk").collectAsList();
    assertEquals(List.of(0, 1), rows.stream().map(r -> r.getInt(0)).toList());
    assertEquals(ModelIO.WEIGHTS_PER_ROW, ((Vector) rows.get(0).get(1)).size());
    assertEquals(79_626 - ModelIO.WEIGHTS_PER_ROW, ((Vector) rows.get(1).get(1)).size());
    NeuralNetRegressionModel loaded = NeuralNetRegressionModel.load(path.toString());
    assertArrayEquals(model.weights(), loaded.weights(), 0);
    assertEquals(model.network(), loaded.network());
  }

  @Test
  void aMissingChunkFailsToLoadWithAClearMessage(@TempDir Path dir) throws IOException {
    Path path = dir.resolve("model");
    bigModel().write().save(path.toString());
    Path first = dataFiles(path).get(0);
    Files.delete(first);
    Files.deleteIfExists(first.resolveSibling("." + first.getFileName() + ".crc"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetRegressionModel.load(path.toString()));
    assertEquals("cannot load NeuralNetRegressionModel from " + path + ": its data/ holds"
        + " weight chunks [1], but network 300-256-10 relu identity mse needs chunks 0 to 1,"
        + " once each", e.getMessage());
  }

  @Test
  void modelsSavedInFormat1StillLoad(@TempDir Path dir) throws IOException {
    NeuralNetClassificationModel model = model();
    Path path = dir.resolve("model");
    model.write().save(path.toString());
    rewriteMetadata(path, "\"minibatchFormat\":" + ModelIO.FORMAT_VERSION,
        "\"minibatchFormat\":1");
    StructType format1 = new StructType().add("format", DataTypes.IntegerType, false)
        .add("network", DataTypes.StringType, false).add("weights", new VectorUDT(), false)
        .add("vectorLabel", DataTypes.BooleanType, false);
    Row row = RowFactory.create(1, model.network().toString(), Vectors.dense(model.weights()),
        false);
    MlTestData.spark().createDataFrame(List.of(row), format1).write().mode("overwrite")
        .parquet(path.resolve("data").toString());
    NeuralNetClassificationModel loaded = NeuralNetClassificationModel.load(path.toString());
    assertArrayEquals(model.weights(), loaded.weights(), 0);
    assertEquals(model.network(), loaded.network());
  }

  /** The Parquet files under a saved model's {@code data/}, sorted by name. */
  static List<Path> dataFiles(Path model) throws IOException {
    try (Stream<Path> files = Files.list(model.resolve("data"))) {
      return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList();
    }
  }

  /** Edits the JSON line of Spark's metadata file (and drops its checksum). */
  static void rewriteMetadata(Path model, String from, String to) throws IOException {
    List<Path> parts;
    try (Stream<Path> files = Files.list(model.resolve("metadata"))) {
      parts = files.toList();
    }
    boolean found = false;
    for (Path p : parts) {
      String name = p.getFileName().toString();
      if (name.endsWith(".crc")) {
        Files.delete(p);
      } else if (name.startsWith("part-")) {
        String json = Files.readString(p, StandardCharsets.UTF_8);
        found |= json.contains(from);
        Files.writeString(p, json.replace(from, to), StandardCharsets.UTF_8);
      }
    }
    assertTrue(found, "metadata holds " + from);
  }

  @Test
  void estimatorsRoundTripTheirParams(@TempDir Path dir) throws IOException {
    NeuralNetClassifier nn = new NeuralNetClassifier().setHiddenLayers(32, 16)
        .setOptimizer("nesterov(lr=0.1,gamma=0.9)").setLearningRate(0.05).setPatience(2)
        .setValidationFraction(0.1).setEarlyStoppingMetric("accuracy").setMaxSteps(1000)
        .setSeed(7);
    String path = dir.resolve("classifier").toString();
    nn.write().save(path);
    NeuralNetClassifier loaded = NeuralNetClassifier.load(path);
    assertEquals(nn.uid(), loaded.uid());
    assertArrayEquals(new int[] {32, 16}, loaded.getHiddenLayers());
    assertEquals("nesterov(lr=0.1,gamma=0.9)", loaded.getOptimizer());
    assertEquals(0.05, loaded.getLearningRate(), 0);
    assertEquals(1000, loaded.getMaxSteps());
    assertEquals("accuracy", loaded.getEarlyStoppingMetric());
    assertEquals(7, loaded.getSeed());
    assertFalse(loaded.isSet(loaded.clipNorm()));

    NeuralNetRegressor regressor = new NeuralNetRegressor().setSchedule("cosine(steps=100)")
        .setClipNorm(1);
    String regressorPath = dir.resolve("regressor").toString();
    regressor.write().save(regressorPath);
    NeuralNetRegressor back = NeuralNetRegressor.load(regressorPath);
    assertEquals("cosine(steps=100)", back.getSchedule());
    assertEquals(1.0, back.getClipNorm(), 0);
  }
}
