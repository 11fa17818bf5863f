package org.minibatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training that survives what clusters do to it, judged by the SHA-256 of the final weights in
 * summary.json against an undisturbed local[2] run of the same config and partition count:
 * the same job on a real standalone cluster (two executors in their own JVMs, through
 * submit-scripts/submit-standalone.sh), that job with one executor JVM killed mid-training, and a
 * driver killed with SIGKILL between checkpoints and resumed.
 */
class ReliabilityIT {
  @TempDir
  static Path dir;
  static StandaloneCluster cluster;
  static String reference;

  /** Fashion-MNIST, 300 steps at batch 256 over two partitions (a bit over an epoch). */
  static final List<String> CONFIG = List.of("--set", "train.max_steps=300", "--set",
      "train.max_epochs=2", "--set", "train.partitions=2", "--set", "checkpoint.every_steps=50",
      "--set", "checkpoint.every_seconds=0");

  @BeforeAll
  static void referenceRunAndCluster() throws Exception {
    Process local = train(dir.resolve("local"), List.of("--set", "spark.master=local[2]"),
        null);
    finish(local, dir.resolve("local"));
    reference = sha(dir.resolve("local"));
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Starts {@code minibatch train} in its own JVM (through the cluster script if given). */
  static Process train(Path runDir, List<String> extra, StandaloneCluster on)
      throws IOException {
    String conf = Path.of("conf/fashion-mnist.properties").toAbsolutePath().toString();
    List<String> args = new ArrayList<>(on == null ? List.of("train", "--conf", conf)
        : List.of("submit-scripts/submit-standalone.sh", on.masterUrl, conf));
    args.addAll(CONFIG);
    args.addAll(List.of("--set", "run.dir=" + runDir));
    args.addAll(extra);
    return start(on == null ? minibatch(args) : args, on);
  }

  /** {@code minibatch args...} as a command for a new JVM with the test classpath. */
  static List<String> minibatch(List<String> args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + Path.of("conf/jvm.options").toAbsolutePath(),
        "-Dlog4j.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-Xmx4g", "-cp", System.getProperty("java.class.path"), "org.minibatch.cli.Main"));
    command.addAll(args);
    return command;
  }

  static Process start(List<String> command, StandaloneCluster on) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Files.createTempFile(dir, "minibatch", ".log").toFile());
    builder.environment().put("OPENBLAS_NUM_THREADS", "1");
    if (on != null) {
      on.environment(builder);
    }
    return builder.start();
  }

  static void finish(Process p, Path runDir) throws Exception {
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "training did not finish");
    assertEquals(0, p.exitValue(), "exit code; log in " + dir);
    assertTrue(Files.exists(runDir.resolve("summary.json")));
  }

  static String sha(Path runDir) throws IOException {
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
    System.out.printf("%s: test accuracy %.4f, %d steps, %.1f s, weights %s%n",
        runDir.getFileName(), summary.get("test_accuracy").asDouble(),
        summary.get("steps").asInt(), summary.get("train_seconds").asDouble(),
        summary.get("weights_sha256").asText());
    return summary.get("weights_sha256").asText();
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  /** Steps logged so far in a run's metrics.csv. */
  static long loggedSteps(Path runDir) {
    try (Stream<String> lines = Files.lines(runDir.resolve("metrics.csv"))) {
      return lines.skip(1).mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(','))))
          .max().orElse(0);
    } catch (IOException | RuntimeException notYet) {
      return 0;
    }
  }

  @Test
  void twoExecutorsOnAStandaloneClusterGiveTheWeightsOfOneLocalExecutor() throws Exception {
    Path run = dir.resolve("cluster-run");
    finish(train(run, List.of(), cluster), run);
    assertEquals(reference, sha(run));
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertTrue(summary.get("spark_master").asText().startsWith("spark://"));
  }

  @Test
  void trainingSurvivesAKilledExecutorWithTheSameWeights() throws Exception {
    Path run = dir.resolve("executor-killed");
    Process p = train(run, List.of(), cluster);
    await(() -> loggedSteps(run) >= 60, "60 steps");
    ProcessHandle victim = StandaloneCluster.anyExecutor().orElseThrow();
    System.out.println("killing executor JVM " + victim.pid() + " after step "
        + loggedSteps(run));
    assertTrue(victim.destroyForcibly());
    finish(p, run);
    assertTrue(loggedSteps(run) >= 300);
    assertEquals(reference, sha(run));
  }

  @Test
  void aDriverKilledBetweenCheckpointsResumesToTheSameWeights() throws Exception {
    Path run = dir.resolve("driver-killed");
    Process p = train(run, List.of("--set", "spark.master=local[2]"), null);
    await(() -> loggedSteps(run) >= 125, "125 steps");
    p.destroyForcibly().waitFor();
    long killedAt = loggedSteps(run);
    System.out.println("killed the driver after step " + killedAt);
    try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("step-")));
    }
    finish(start(minibatch(List.of("train", "--resume", run.toString())), null), run);
    assertEquals(reference, sha(run));
  }
}
