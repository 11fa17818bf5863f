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

  static final String JAVA = "org.apache.spark.serializer.JavaSerializer";
  static final String KRYO_CLASS = "org.apache.spark.serializer.KryoSerializer";
  static final String JOBS = org.minibatch.spark.LocalBlocks.KEY + "=jobs";

  /**
   * Checks what a run's summary says Spark did: the serializer in effect, the executors that ran
   * its training tasks, and the jobs it started while training.
   */
  static void ranOn(JsonNode summary, String serializer, List<String> executors, String what) {
    assertEquals(serializer, summary.get("spark_serializer").asText(), what + ": serializer");
    List<String> ran = new ArrayList<>();
    summary.get("training_executors").forEach(e -> ran.add(e.asText()));
    assertEquals(executors, ran, what + ": executors that ran training tasks");
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {64, 300})
  void weightsDependOnSeedAndPartitionsNotOnSerializerOrExecutors(int partitions)
      throws Exception {
    List<String> base = List.of("train.partitions=" + partitions, "train.max_steps=40",
        "train.max_epochs=1", "checkpoint.every_seconds=0");
    List<String> local = new ArrayList<>(base);
    local.add("spark.master=local[2]");
    List<String> localJobs = new ArrayList<>(local);
    localJobs.add(JOBS);
    List<String> localJobsKryo = new ArrayList<>(localJobs);
    localJobsKryo.add(KRYO);
    List<String> kryo = new ArrayList<>(base);
    kryo.add(KRYO);
    JsonNode direct = run(partitions + "-local-direct", local, null, Map.of());
    String reference = direct.get("weights_sha256").asText();
    assertEquals(40, direct.get("steps").asInt());
    ranOn(direct, JAVA, List.of(), "local[2], direct steps");
    assertEquals(0, direct.get("training_jobs").asLong(), "local[2]'s direct steps start no job");

    // a job per step, so every task result crosses spark.serializer as on a cluster
    for (List<String> settings : List.of(localJobs, localJobsKryo)) {
      boolean withKryo = settings == localJobsKryo;
      String what = "local[2], a job per step, " + (withKryo ? "Kryo" : "Java");
      JsonNode jobs = run(partitions + "-local-jobs-" + (withKryo ? "kryo" : "java"), settings,
          null, Map.of());
      assertEquals(reference, jobs.get("weights_sha256").asText(), what);
      assertEquals(40, jobs.get("steps").asInt(), what);
      ranOn(jobs, withKryo ? KRYO_CLASS : JAVA, List.of("driver"), what);
      assertTrue(jobs.get("training_jobs").asLong() >= 40, what + ": "
          + jobs.get("training_jobs") + " jobs for 40 steps");
    }
    JsonNode two = run(partitions + "-cluster-kryo", kryo, cluster, Map.of());
    assertEquals(reference, two.get("weights_sha256").asText(), "two executors, Kryo");
    assertEquals(40, two.get("steps").asInt());
    ranOn(two, KRYO_CLASS, List.of("0", "1"), "two executors, Kryo");
    JsonNode one = run(partitions + "-cluster-java-1", base, cluster,
        Map.of("TOTAL_CORES", "1"));
    assertEquals(reference, one.get("weights_sha256").asText(), "one executor, Java");
    assertEquals(40, one.get("steps").asInt());
    assertEquals(1, one.get("training_executors").size(), "one executor");
    assertEquals(JAVA, one.get("spark_serializer").asText());
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
    ranOn(onCluster, KRYO_CLASS, List.of("0", "1"), "two executors, Kryo");
  }

  /**
   * 784-4096-2048-10: a float32 gradient is 46.5 MB. At batch 256 over 64 partitions a step
   * reads 4 lanes, about 186 MB of partials, which go straight to the driver; at batch 512 over
   * 256 partitions, 8 to 16 partials (372 MB and more) take the tree, whose final merge runs on
   * an executor. Neither needs more than Spark's default 1g of driver results. On the tree route
   * the weights are those of the same run in local[2] with a job per step.
   */
  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {64, 256})
  void anElevenMillionParameterNetworkTrainsUnderTheDefaultMaxResultSize(int partitions)
      throws Exception {
    List<String> settings = List.of("model.hidden=4096,2048",
        "train.partitions=" + partitions, "train.batch_size=" + (partitions == 64 ? 256 : 512),
        "train.max_steps=3", "train.max_epochs=1", "checkpoint.every_seconds=0", KRYO);
    JsonNode summary = run("wide-" + partitions, settings, cluster, Map.of());
    assertEquals(3, summary.get("steps").asInt());
    assertEquals(11_626_506, summary.get("parameters").asLong());
    ranOn(summary, KRYO_CLASS, List.of("0", "1"), "two executors");
    // three steps in, well above chance (0.1); 0.30 at 64 partitions when first run
    assertTrue(summary.get("test_accuracy").asDouble() > 0.2, summary.toString());
    if (partitions == 256) {
      List<String> local = new ArrayList<>(settings);
      local.addAll(List.of("spark.master=local[2]", JOBS));
      JsonNode reference = run("wide-" + partitions + "-local", local, null, Map.of());
      assertEquals(reference.get("weights_sha256").asText(),
          summary.get("weights_sha256").asText(), "the tree route on two executors");
    }
  }
}
