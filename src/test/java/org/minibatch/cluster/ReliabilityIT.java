package org.minibatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  static TrainRuns runs;

  /** Fashion-MNIST, 300 steps at batch 256 over two partitions (a bit over an epoch). */
  static final List<String> CONFIG = List.of("--set", "train.max_steps=300", "--set",
      "train.max_epochs=2", "--set", "train.partitions=2", "--set", "checkpoint.every_steps=50",
      "--set", "checkpoint.every_seconds=0");

  @BeforeAll
  static void referenceRunAndCluster() throws Exception {
    runs = new TrainRuns(dir);
    Process local = train(dir.resolve("local"), List.of("--set", "spark.master=local[2]"),
        null);
    finish(local, dir.resolve("local"));
    reference = sha(dir.resolve("local"));
    cluster = StandaloneCluster.start(dir.resolve("cluster"), 2, 1, "3g");
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
    List<String> settings = new ArrayList<>(CONFIG);
    settings.addAll(extra);
    return runs.train(runDir, settings, on, Map.of());
  }

  static Process start(List<String> command) throws IOException {
    return runs.process(command).start();
  }

  static void finish(Process p, Path runDir) throws Exception {
    runs.finish(p, runDir);
  }

  static String sha(Path runDir) throws IOException {
    return TrainRuns.sha(runDir);
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
    JsonNode summary = TrainRuns.summary(run);
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
    finish(start(TrainRuns.minibatch(List.of("train", "--resume", run.toString()))), run);
    assertEquals(reference, sha(run));
  }
}
