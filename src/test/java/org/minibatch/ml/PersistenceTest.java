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
  void weightsAreWrittenAsBigEndianDoublesAndReadBackExactly(@TempDir Path dir)
      throws IOException {
    NeuralNetRegressionModel model = bigModel();
    Path path = dir.resolve("model");
    model.write().save(path.toString());
    byte[] bytes = Files.readAllBytes(path.resolve("data").resolve(ModelIO.WEIGHTS_FILE));
    assertEquals(79_626 * 8, bytes.length);
    java.io.DataInputStream in = new java.io.DataInputStream(
        new java.io.ByteArrayInputStream(bytes));
    double[] weights = model.weights();
    for (int i : new int[] {0, 1, 65_536, 79_625}) {
      in.reset();
      in.skipBytes(8 * i);
      assertEquals(weights[i], in.readDouble(), 0, "weight " + i);
    }
    NeuralNetRegressionModel loaded = NeuralNetRegressionModel.load(path.toString());
    assertArrayEquals(weights, loaded.weights(), 0);
    assertEquals(model.network(), loaded.network());
    assertEquals(model.uid(), loaded.uid());
    // the vector label comes back: predictions stay vectors
    assertTrue(loaded.transform(MlTestData.blobs(3, 300, 1)).schema().apply("prediction")
        .dataType() instanceof VectorUDT);
  }

  @Test
  void aShortOrMissingWeightsFileFailsToLoadWithAClearMessage(@TempDir Path dir)
      throws IOException {
    Path path = dir.resolve("model");
    model().write().save(path.toString());
    Path weights = path.resolve("data").resolve(ModelIO.WEIGHTS_FILE);
    byte[] bytes = Files.readAllBytes(weights);
    Files.deleteIfExists(weights.resolveSibling("." + ModelIO.WEIGHTS_FILE + ".crc"));
    Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length - 8));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetClassificationModel.load(path.toString()));
    assertEquals("cannot load NeuralNetClassificationModel from " + path + ": data/weights.bin"
        + " has 400 bytes, but network 4-6-3 tanh softmax cross_entropy needs 51 weights of 8"
        + " bytes", e.getMessage());
    Files.delete(weights);
    e = assertThrows(IllegalArgumentException.class,
        () -> NeuralNetClassificationModel.load(path.toString()));
    assertEquals("cannot load NeuralNetClassificationModel from " + path + ": data/weights.bin"
        + " is missing", e.getMessage());
  }

  @Test
  void modelsSavedInFormat2StillLoadAndAMissingChunkFailsClearly(@TempDir Path dir)
      throws IOException {
    NeuralNetRegressionModel model = bigModel();
    Path path = dir.resolve("model");
    model.write().save(path.toString());
    double[] weights = model.weights();
    List<Row> rows = new java.util.ArrayList<>();
    for (int chunk = 0; chunk * ModelIO.WEIGHTS_PER_ROW < weights.length; chunk++) {
      int from = chunk * ModelIO.WEIGHTS_PER_ROW;
      rows.add(RowFactory.create(2, model.network(), true, chunk, Vectors.dense(
          java.util.Arrays.copyOfRange(weights, from,
              Math.min(weights.length, from + ModelIO.WEIGHTS_PER_ROW)))));
    }
    StructType format2 = new StructType().add("format", DataTypes.IntegerType, false)
        .add("network", DataTypes.StringType, false)
        .add("vectorLabel", DataTypes.BooleanType, false)
        .add("chunk", DataTypes.IntegerType, false)
        .add("weights", new VectorUDT(), false);
    // a file per chunk, as format 2 wrote them
    toParquetFormat(path, 2, rows.stream().map(r -> MlTestData.spark()
        .createDataFrame(List.of(r), format2)).toList());
    NeuralNetRegressionModel loaded = NeuralNetRegressionModel.load(path.toString());
    assertArrayEquals(weights, loaded.weights(), 0);
    assertEquals(model.network(), loaded.network());

    Path first = dataFiles(path).stream().filter(p -> {
      List<Row> in = MlTestData.spark().read().parquet(p.toString()).select("chunk")
          .collectAsList();
      return in.size() == 1 && in.get(0).getInt(0) == 0;
    }).findFirst().orElseThrow();
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
    StructType format1 = new StructType().add("format", DataTypes.IntegerType, false)
        .add("network", DataTypes.StringType, false).add("weights", new VectorUDT(), false)
        .add("vectorLabel", DataTypes.BooleanType, false);
    Row row = RowFactory.create(1, model.network().toString(), Vectors.dense(model.weights()),
        false);
    toParquetFormat(path, 1, List.of(MlTestData.spark().createDataFrame(List.of(row), format1)));
    NeuralNetClassificationModel loaded = NeuralNetClassificationModel.load(path.toString());
    assertArrayEquals(model.weights(), loaded.weights(), 0);
    assertEquals(model.network(), loaded.network());
  }

  /**
   * Turns a saved model into an older format: its number in the metadata, and Parquet data of
   * one file per frame.
   */
  private static void toParquetFormat(Path model, int version, List<Dataset<Row>> files)
      throws IOException {
    rewriteMetadata(model, "\"minibatchFormat\":" + ModelIO.FORMAT_VERSION,
        "\"minibatchFormat\":" + version);
    for (int i = 0; i < files.size(); i++) {
      files.get(i).coalesce(1).write().mode(i == 0 ? "overwrite" : "append")
          .parquet(model.resolve("data").toString());
    }
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
        .setSeed(7).setPrecision("float64").setInitialWeights(Vectors.dense(0.5, -1, 2e-9));
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
    assertEquals("float64", loaded.getPrecision());
    assertEquals(Vectors.dense(0.5, -1, 2e-9), loaded.getInitialWeights());
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
