package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.examples.SyntheticText;
import org.minibatch.ml.NeuralNetClassificationModel;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.spark.LocalSpark;

/**
 * train on LIBSVM text at 10k features: CSR blocks (data.sparse=true) and dense ones (false)
 * give the same loss curve and final weights, and auto picks CSR for such data.
 */
class SparseTrainTest {
  @TempDir
  static Path dir;

  private static Path data;

  private static synchronized Path data() throws IOException {
    if (data == null) {
      data = dir.resolve("text.libsvm");
      SyntheticText.write(data, 1500, 10_000, 40, 10, 3);
    }
    return data;
  }

  private JsonNode train(String run, String... settings) throws IOException {
    return train(run, new TrainJob.Options(false, false), settings);
  }

  private JsonNode train(String run, TrainJob.Options options, String... settings)
      throws IOException {
    List<String> values = new ArrayList<>(List.of("data.format=libsvm",
        "data.train=" + data(), "data.num_features=10000", "model.hidden=16",
        "train.optimizer=adam(lr=0.01)", "train.batch_size=100", "train.max_epochs=3",
        "train.partitions=3", "data.validation_fraction=0.2", "run.dir=" + dir.resolve(run)));
    values.addAll(List.of(settings));
    new TrainJob(Settings.load(null, values), LocalSpark.session(), System.err)
        .run(options);
    return new ObjectMapper().readTree(dir.resolve(run).resolve("summary.json").toFile());
  }

  private static double[] curve(JsonNode summary, String metric) {
    JsonNode history = summary.get("history");
    double[] values = new double[history.size()];
    for (int e = 0; e < values.length; e++) {
      values[e] = history.get(e).get(metric).asDouble();
    }
    return values;
  }

  /**
   * The final weights of a run, in the layout of a dense first layer whatever the run's: CSR
   * runs store it by input column.
   */
  private static double[] weights(String run) {
    PipelineModel model = PipelineModel.load(dir.resolve(run).resolve("model").toString());
    NeuralNetClassificationModel nn = (NeuralNetClassificationModel)
        model.stages()[model.stages().length - 1];
    NetworkSpec spec = NetworkSpec.parse(nn.network());
    return spec.convert(nn.weights(), spec.withFirstLayerByInput(false));
  }

  private void sameCurves(String precision, double tolerance) throws IOException {
    JsonNode sparse = train("sparse-" + precision, "data.sparse=true",
        "train.precision=" + precision);
    JsonNode dense = train("dense-" + precision, "data.sparse=false",
        "train.precision=" + precision);
    assertEquals("sparse", sparse.get("feature_storage").asText());
    assertEquals("dense", dense.get("feature_storage").asText());
    // the same weights to rounding: the sparse first layer sums in its own order, gemm in BLAS's
    double[] s = weights("sparse-" + precision);
    double[] d = weights("dense-" + precision);
    assertEquals(d.length, s.length);
    for (int i = 0; i < d.length; i++) {
      assertEquals(d[i], s[i], tolerance * (1 + Math.abs(d[i])), precision + " weight " + i);
    }
    for (String metric : List.of("train_loss", "validation_loss")) {
      double[] sc = curve(sparse, metric);
      double[] dc = curve(dense, metric);
      assertEquals(3, sc.length);
      for (int e = 0; e < sc.length; e++) {
        assertEquals(dc[e], sc[e], tolerance * dc[e], precision + " " + metric + ", epoch "
            + (e + 1));
      }
    }
    double[] loss = curve(sparse, "validation_loss");
    assertTrue(loss[2] < 0.7 * loss[0], "the text should be learnt: " + loss[0] + " -> "
        + loss[2]);
  }

  @Test
  void float64SparseAndDenseLossCurvesAndWeightsAgree() throws IOException {
    sameCurves("float64", 1e-9);
  }

  @Test
  void float32SparseAndDenseLossCurvesAndWeightsAgreeTo1e5() throws IOException {
    sameCurves("float32", 1e-5);
  }

  @Test
  void autoStoresHashedTextAsCsrAtUnderTenBytesANonZero() throws IOException {
    JsonNode auto = train("auto", "train.max_epochs=1");
    assertEquals("sparse", auto.get("feature_storage").asText());
    double perNonZero = auto.get("cached_bytes_per_nonzero").asDouble();
    assertTrue(perNonZero > 8 && perNonZero <= 10, "cached bytes a non-zero: " + perNonZero);
    JsonNode dense = train("dense-1", "train.max_epochs=1", "data.sparse=false");
    assertEquals("dense", dense.get("feature_storage").asText());
  }

  /** A sparse run (its first layer by input column) resumes to the bits of an unbroken one. */
  @Test
  void aSparseRunResumesToTheSameWeights() throws IOException {
    JsonNode first = train("resumed", "train.max_epochs=1", "train.optimizer=sgd(lr=0.3)");
    assertTrue(first.get("network").asText().endsWith(" by_input"), first.get("network")
        .asText());
    JsonNode resumed = train("resumed", new TrainJob.Options(true, false), "train.max_epochs=2",
        "train.optimizer=sgd(lr=0.3)");
    JsonNode whole = train("whole", "train.max_epochs=2", "train.optimizer=sgd(lr=0.3)");
    assertEquals(2, resumed.get("epochs").asInt());
    assertEquals(whole.get("weights_sha256").asText(), resumed.get("weights_sha256").asText());
  }

  @Test
  void parquetSparseVectorsTrainAsTheLibsvmLines() throws IOException {
    String parquet = dir.resolve("text.parquet").toString();
    LocalSpark.session().read().format("libsvm").option("numFeatures", "10000")
        .load(data().toString()).write().parquet(parquet);
    JsonNode fromParquet = train("parquet", "data.format=parquet", "data.train=" + parquet,
        "train.max_epochs=1");
    JsonNode fromLibsvm = train("libsvm", "train.max_epochs=1");
    assertEquals("sparse", fromParquet.get("feature_storage").asText());
    assertEquals(fromLibsvm.get("cached_nonzeros").asLong(),
        fromParquet.get("cached_nonzeros").asLong());
    assertEquals(fromLibsvm.get("weights_sha256").asText(),
        fromParquet.get("weights_sha256").asText());
  }

  @Test
  void badSparseSettingIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> train("bad", "data.sparse=yes"));
    assertEquals("data.sparse must be auto, true or false, got 'yes'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> train("centred", "data.sparse=true", "data.scale=standardize"));
    assertEquals("data.scale=standardize subtracts each feature's mean, which makes sparse rows"
        + " dense; with data.sparse=true use data.scale=none or 255", e.getMessage());
  }
}
