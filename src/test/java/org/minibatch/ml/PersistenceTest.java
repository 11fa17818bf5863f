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
import org.apache.spark.sql.Row;
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
    assertTrue(e.getMessage().contains("this version of minibatch reads format "
        + ModelIO.FORMAT_VERSION), e.getMessage());
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
