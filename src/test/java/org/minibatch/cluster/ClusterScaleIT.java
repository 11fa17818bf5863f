package org.minibatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a cluster's defaults give a run: many partitions (the lane and partition-subset step
 * path, and more evaluation tasks than cores), {@code spark.serializer=KryoSerializer}, one or
 * two executors in their own JVMs, and a network of 11.6M parameters under Spark's default
 * {@code spark.driver.maxResultSize}. The same seed and partition count must give the same
 * final weights (SHA-256 in summary.json) whatever the serializer and executor count.
 */
class ClusterScaleIT {
  static final String KRYO = "spark.serializer=org.apache.spark.serializer.KryoSerializer";
  @TempDir
  static Path dir;
  static StandaloneCluster cluster;
  static TrainRuns runs;

  @BeforeAll
  static void startCluster() throws Exception {
    runs = new TrainRuns(dir);
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "3g");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs {@code settings} (locally if {@code on} is null) and returns its summary. */
  static JsonNode run(String name, List<String> settings, StandaloneCluster on,
      Map<String, String> env) throws Exception {
    Path runDir = dir.resolve(name);
    List<String> all = new ArrayList<>();
    for (String s : settings) {
      all.addAll(List.of("--set", s));
    }
    runs.finish(runs.train(runDir, all, on, env), runDir);
    TrainRuns.sha(runDir);
    return TrainRuns.summary(runDir);
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {64, 300})
  void weightsDependOnSeedAndPartitionsNotOnSerializerOrExecutors(int partitions)
      throws Exception {
    List<String> base = List.of("train.partitions=" + partitions, "train.max_steps=40",
        "train.max_epochs=1", "checkpoint.every_seconds=0");
    List<String> local = new ArrayList<>(base);
    local.add("spark.master=local[2]");
    List<String> kryo = new ArrayList<>(base);
    kryo.add(KRYO);
    List<String> localKryo = new ArrayList<>(local);
    localKryo.add(KRYO);
    String reference = run(partitions + "-local-java", local, null, Map.of())
        .get("weights_sha256").asText();
    assertEquals(reference, run(partitions + "-local-kryo", localKryo, null, Map.of())
        .get("weights_sha256").asText(), "local[2], Kryo");
    assertEquals(reference, run(partitions + "-cluster-kryo", kryo, cluster, Map.of())
        .get("weights_sha256").asText(), "two executors, Kryo");
    JsonNode one = run(partitions + "-cluster-java-1", base, cluster,
        Map.of("TOTAL_CORES", "1"));
    assertEquals(reference, one.get("weights_sha256").asText(), "one executor, Java");
    assertTrue(one.get("spark_master").asText().startsWith("spark://"));
  }

  /**
   * Sparse rows (hashed text, CSR blocks) over 40 partitions read 20 at a time (batch 1280): more
   * than 16 partials, so the driver sums the batches' columns exactly and steps sparse from
   * them. 200,000 features: a step changes about a fifth of the first layer, so the executors
   * get the point as a base and the changes of each step ({@code WeightChain}). Locally with
   * Java serialization and on two executors with Kryo, the weights are the same bits.
   */
  @org.junit.jupiter.api.Test
  void sparseTextGivesTheSameWeightsOnTheClusterWithKryo() throws Exception {
    Path text = dir.resolve("text.libsvm");
    Path test = dir.resolve("text-test.libsvm");
    org.minibatch.examples.SyntheticText.write(text, 6000, 200_000, 40, 10, 5);
    org.minibatch.examples.SyntheticText.write(test, 1000, 200_000, 40, 10, 6);
    List<String> base = List.of("data.format=libsvm", "data.train=" + text, "data.test=" + test,
        "data.num_features=200000", "data.scale=none", "data.sparse=true", "model.hidden=16",
        "train.optimizer=sgd(lr=0.5)", "train.schedule=constant", "train.partitions=40",
        "train.batch_size=1280", "train.max_epochs=2", "checkpoint.every_seconds=0");
    List<String> local = new ArrayList<>(base);
    local.add("spark.master=local[2]");
    List<String> kryo = new ArrayList<>(base);
    kryo.add(KRYO);
    JsonNode reference = run("sparse-local-java", local, null, Map.of());
    assertEquals("sparse", reference.get("feature_storage").asText());
    JsonNode onCluster = run("sparse-cluster-kryo", kryo, cluster, Map.of());
    assertEquals(reference.get("weights_sha256").asText(),
        onCluster.get("weights_sha256").asText(), "two executors, Kryo");
    assertEquals(10, onCluster.get("steps").asInt());
  }

  /**
   * 784-4096-2048-10: a float32 gradient is 46.5 MB. At batch 256 over 64 partitions a step
   * reads 4 lanes, about 186 MB of partials, which go straight to the driver; at batch 512 over
   * 256 partitions, 8 to 16 partials (372 MB and more) take the tree, whose final merge runs on
   * an executor. Neither needs more than Spark's default 1g of driver results.
   */
  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {64, 256})
  void anElevenMillionParameterNetworkTrainsUnderTheDefaultMaxResultSize(int partitions)
      throws Exception {
    JsonNode summary = run("wide-" + partitions, List.of("model.hidden=4096,2048",
        "train.partitions=" + partitions, "train.batch_size=" + (partitions == 64 ? 256 : 512),
        "train.max_steps=3", "train.max_epochs=1", "checkpoint.every_seconds=0", KRYO),
        cluster, Map.of());
    assertEquals(3, summary.get("steps").asInt());
    assertEquals(11_626_506, summary.get("parameters").asLong());
    // three steps in, well above chance (0.1); 0.30 at 64 partitions when first run
    assertTrue(summary.get("test_accuracy").asDouble() > 0.2, summary.toString());
  }
}
