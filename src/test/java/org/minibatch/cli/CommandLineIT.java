package org.minibatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as users run it: each command in its own JVM. Train Fashion-MNIST with the
 * shipped config (README's first command), then evaluate and predict with the saved model from
 * separate processes; and the regression example.
 */
class CommandLineIT {
  @TempDir
  Path dir;

  /** Runs {@code minibatch args...} in a new JVM; returns its exit code and output. */
  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + Path.of("conf/jvm.options").toAbsolutePath(),
        "-Dlog4j.configurationFile=" + Path.of("conf/log4j2.properties").toAbsolutePath(),
        "-Xmx6g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    // Not in workDir: one test runs from the repository root, for its relative data paths.
    Path log = Files.createTempFile("minibatch-cli", ".log");
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", args));
    }
    String output = Files.readString(log);
    Files.delete(log);
    return new Result(process.exitValue(), output);
  }

  record Result(int exit, String output) {}

  @Test
  void fashionMnistTrainThenEvaluateAndPredictFromOtherProcesses() throws Exception {
    Path runDir = dir.resolve("fm-run");
    Result train = run(dir, "train", "--conf",
        Path.of("conf/fashion-mnist.properties").toAbsolutePath().toString(),
        "--set", "run.dir=" + runDir);
    assertEquals(0, train.exit(), train.output());
    Matcher m = Pattern.compile("test accuracy (0\\.\\d+) after (\\d+) epochs")
        .matcher(train.output());
    assertTrue(m.find(), train.output());
    double accuracy = Double.parseDouble(m.group(1));
    System.out.println("CLI Fashion-MNIST: " + m.group());
    assertTrue(accuracy >= 0.88, "test accuracy " + accuracy);
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
    System.out.printf("CLI Fashion-MNIST: %.1f s training, %.1f ms per step%n",
        summary.get("train_seconds").asDouble(),
        1000 * summary.get("timings").get("seconds_per_step").asDouble());

    String testImages = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
    Result evaluate = run(dir, "evaluate", "--model", runDir.toString(), "--data", testImages,
        "--out", dir.resolve("eval").toString());
    assertEquals(0, evaluate.exit(), evaluate.output());
    JsonNode metrics = new ObjectMapper().readTree(dir.resolve("eval/evaluation.json")
        .toFile());
    assertEquals(summary.get("test_accuracy").asDouble(), metrics.get("accuracy").asDouble(),
        1e-12);
    assertTrue(Files.size(dir.resolve("eval/confusion_matrix.png")) > 1000);

    Result predict = run(dir, "predict", "--model", runDir.toString(), "--data", testImages,
        "--out", dir.resolve("pred.parquet").toString());
    assertEquals(0, predict.exit(), predict.output());
    assertTrue(predict.output().contains("wrote 10000 predictions"), predict.output());
  }

  @Test
  void regressionExample() throws Exception {
    Path runDir = dir.resolve("reg-run");
    Result train = run(Path.of("").toAbsolutePath(), "train", "--conf",
        "conf/regression.properties", "--set", "run.dir=" + runDir);
    assertEquals(0, train.exit(), train.output());
    JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
    double rmse = summary.get("test_rmse").asDouble();
    System.out.printf("CLI regression: test RMSE %.4f, %s after %d epochs%n", rmse,
        summary.get("stop_reason").asText(), summary.get("epochs").asInt());
    // The target's standard deviation is 4.8, least squares gets 2.41, the noise is 0.5.
    assertTrue(rmse < 1.2, "test RMSE " + rmse);
  }

  @Test
  void badConfigExitsWithTwoAndNamesTheKey() throws Exception {
    Result bad = run(dir, "train", "--conf",
        Path.of("conf/fashion-mnist.properties").toAbsolutePath().toString(),
        "--set", "train.batchsize=12");
    assertEquals(2, bad.exit(), bad.output());
    assertTrue(bad.output().contains("unknown config key 'train.batchsize'; did you mean"
        + " 'train.batch_size'?"), bad.output());
  }
}
