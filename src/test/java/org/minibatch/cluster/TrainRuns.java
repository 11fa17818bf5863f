package org.minibatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.minibatch.testing.ChildJvm;

/**
 * {@code minibatch train} runs in their own JVMs, locally or through
 * submit-scripts/submit-standalone.sh on a {@link StandaloneCluster}, each with its log in a
 * directory, judged by the summary.json they write.
 */
final class TrainRuns {
  private final Path logs;

  TrainRuns(Path logs) {
    this.logs = logs;
  }

  /**
   * Starts {@code minibatch train} on Fashion-MNIST with {@code settings} (through the cluster
   * script if {@code on} is given, with {@code env} added to its environment).
   */
  Process train(Path runDir, List<String> settings, StandaloneCluster on,
      Map<String, String> env) throws IOException {
    String conf = Path.of("conf/fashion-mnist.properties").toAbsolutePath().toString();
    List<String> args = new ArrayList<>(on == null ? List.of("train", "--conf", conf)
        : List.of("submit-scripts/submit-standalone.sh", on.masterUrl(), conf));
    args.addAll(settings);
    args.addAll(List.of("--set", "run.dir=" + runDir));
    ProcessBuilder builder = process(on == null ? minibatch(args) : args);
    if (on != null) {
      on.environment(builder);
    }
    builder.environment().putAll(env);
    return builder.start();
  }

  /** {@code minibatch args...} as a command for a new JVM with the test classpath. */
  static List<String> minibatch(List<String> args) {
    return ChildJvm.command(List.of("-Xmx4g"), "org.minibatch.cli.Main", args);
  }

  /** A process builder for {@code command} logging to a new file under the log directory. */
  ProcessBuilder process(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Files.createTempFile(logs, "minibatch", ".log").toFile());
    builder.environment().put("OPENBLAS_NUM_THREADS", "1");
    return builder;
  }

  /** Waits for a run and checks it exited cleanly and wrote its summary. */
  void finish(Process p, Path runDir) throws Exception {
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "training did not finish");
    assertEquals(0, p.exitValue(), "exit code; logs in " + logs);
    assertTrue(Files.exists(runDir.resolve("summary.json")));
  }

  static JsonNode summary(Path runDir) throws IOException {
    return new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
  }

  /** The SHA-256 of the final weights, printed with the run's accuracy and time. */
  static String sha(Path runDir) throws IOException {
    JsonNode summary = summary(runDir);
    System.out.printf("%s: test accuracy %.4f, %d steps, %.1f s, weights %s%n",
        runDir.getFileName(), summary.get("test_accuracy").asDouble(),
        summary.get("steps").asInt(), summary.get("train_seconds").asDouble(),
        summary.get("weights_sha256").asText());
    return summary.get("weights_sha256").asText();
  }
}
