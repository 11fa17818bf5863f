package org.minibatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PyTorch on the CPU as the reference, when Debian's {@code python3-torch} is installed: the
 * script {@code pytorch_fashion_mnist.py} (shipped with the benchmark) trains the same network
 * with Adam, and reports each epoch's training seconds and test accuracy.
 */
final class PyTorchRun {
  static final String PYTHON = "/usr/bin/python3";

  private PyTorchRun() {}

  /** Writes the PyTorch script shipped with the benchmark to {@code file}; returns it. */
  static Path writeScript(Path file) throws IOException {
    try (InputStream in = PyTorchRun.class.getResourceAsStream("pytorch_fashion_mnist.py")) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  /** The epochs, or empty with the reason printed, when PyTorch is not available. */
  static Optional<List<EpochClock.Point>> run(Path dataDir, int epochs, int batch, double lr,
      int threads, long seed) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      System.err.println("bench: no " + PYTHON + "; skipping the PyTorch reference");
      return Optional.empty();
    }
    Path script = writeScript(Files.createTempFile("pytorch_fashion_mnist", ".py"));
    Process p = new ProcessBuilder(PYTHON, script.toString(), dataDir.toString(),
        Integer.toString(epochs), Integer.toString(batch), Double.toString(lr),
        Integer.toString(threads), Long.toString(seed)).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.MINUTES);
    Files.deleteIfExists(script);
    if (p.exitValue() != 0) {
      System.err.println("bench: the PyTorch reference failed (is python3-torch installed?): "
          + output.lines().reduce((a, b) -> b).orElse(""));
      return Optional.empty();
    }
    List<EpochClock.Point> points = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : output.split("\n")) {
      if (line.startsWith("{")) {
        JsonNode n = json.readTree(line);
        points.add(new EpochClock.Point(n.get("epoch").asInt(),
            n.get("train_seconds").asDouble(), n.get("test_accuracy").asDouble()));
      }
    }
    return Optional.of(points);
  }
}
