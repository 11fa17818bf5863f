package org.minibatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.minibatch.data.FashionMnist;

/**
 * The "whole command" group: what a user waits for, from the prompt to the result. Each run is
 * a fresh process timed from outside, start to exit: our {@code submit-scripts/minibatch train}
 * on Fashion-MNIST, and the PyTorch script doing the same (import, read the gzipped IDX files,
 * the same network, Adam with the same rate and cosine schedule, test accuracy), alternating so
 * that both see the same machine. Seeds 1..N; medians. Ours also reports its stage split (from
 * each run's summary.json) and runs without the class-data archive and with the C1 compiler
 * only, at 3 epochs and at 10, to show what each is worth and where C2's faster steady state
 * begins to pay.
 */
final class WholeCommand {
  /** What to run: {@code root} holds submit-scripts/ and conf/. */
  record Options(Path root, Path work, int runs, int[] epochs, String optimizer, double torchLr,
      int batch, int cores, boolean variants) {}

  /** One timed process: its wall seconds, test accuracy, and (ours) the stage split. */
  record Run(double wallSeconds, double testAccuracy, Map<String, Double> stages) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int TRAIN_ROWS = 60_000;
  private static final String C1 = "with the C1 compiler only (MINIBATCH_JIT=c1)";
  private static final List<String> STAGES = List.of("launch", "spark", "read", "cache",
      "train", "evaluate", "charts", "save");

  private final Options options;
  private final PrintStream log;

  WholeCommand(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** The project root: MINIBATCH_HOME (the launcher sets it), or the working directory. */
  static Optional<Path> root() {
    String home = System.getenv("MINIBATCH_HOME");
    Path root = Path.of(home != null ? home : System.getProperty("user.dir"));
    return Files.isExecutable(root.resolve("submit-scripts/minibatch")) ? Optional.of(root)
        : Optional.empty();
  }

  void addTo(Table table) throws IOException, InterruptedException {
    // Built (jar and class-data archive) before anything is timed.
    run(List.of(options.root().resolve("submit-scripts/build").toString()), Map.of());
    boolean torch = Files.isExecutable(Path.of(PyTorchRun.PYTHON)) && torchWorks();
    for (int epochs : options.epochs()) {
      List<Run> ours = new ArrayList<>();
      List<Run> theirs = new ArrayList<>();
      for (int seed = 1; seed <= options.runs(); seed++) {
        ours.add(ours(epochs, seed, "default", Map.of()));
        if (torch) {
          theirs.add(pytorch(epochs, seed));
        }
      }
      report(table, epochs, ours, theirs);
      if (options.variants() && epochs == 3) {
        variant(table, epochs, "without the class-data archive (MINIBATCH_CDS=off)",
            Map.of("MINIBATCH_CDS", "off"), ours);
        variant(table, epochs, C1, Map.of("MINIBATCH_JIT", "c1"), ours);
      }
    }
    if (options.variants()) {
      List<Run> longer = new ArrayList<>();
      for (int seed = 1; seed <= Math.min(3, options.runs()); seed++) {
        longer.add(ours(10, seed, "default", Map.of()));
      }
      table.add("whole", "ours: `train` wall seconds, 10 epochs (median of " + longer.size()
          + ")", median(longer, Run::wallSeconds), Double.NaN, "");
      variant(table, 10, C1, Map.of("MINIBATCH_JIT", "c1"), longer);
    }
  }

  private void report(Table table, int epochs, List<Run> ours, List<Run> theirs) {
    String n = " (median of " + ours.size() + ")";
    String what = epochs + (epochs == 1 ? " epoch" : " epochs");
    double ourWall = median(ours, Run::wallSeconds);
    double ourAccuracy = median(ours, Run::testAccuracy);
    if (theirs.isEmpty()) {
      table.add("whole", "ours: `train` wall seconds, " + what + ", fresh process" + n,
          ourWall, Double.NaN, "no PyTorch here");
      table.add("whole", "ours: test accuracy after " + what + n, ourAccuracy, Double.NaN,
          "no PyTorch here");
    } else {
      double torchWall = median(theirs, Run::wallSeconds);
      double torchAccuracy = median(theirs, Run::testAccuracy);
      table.add("whole", "ours: `train` wall seconds, " + what + ", fresh process" + n,
          ourWall, torchWall, "the PyTorch script's (ratio <= 2 wanted)");
      table.add("whole", "ours: test accuracy after " + what + n, ourAccuracy, torchAccuracy,
          "the PyTorch script's (within 0.005 wanted)");
    }
    Map<String, Double> split = new LinkedHashMap<>();
    for (String stage : STAGES) {
      split.put(stage, median(ours, r -> r.stages().getOrDefault(stage, Double.NaN)));
    }
    String prefix = "ours " + what + ": ";
    split.forEach((stage, seconds) -> table.add("whole", prefix + "stage " + stage
        + (stage.equals("save") ? " (alongside evaluate and charts)" : "") + ", seconds",
        seconds, ourWall, "the whole command"));
    table.add("whole", prefix + "data preparation (read + cache), seconds",
        median(ours, r -> r.stages().getOrDefault("read", Double.NaN)
            + r.stages().getOrDefault("cache", Double.NaN)), 1.5,
        "1.5 s (wanted under)");
    table.add("whole", prefix + "first training step begins, seconds from process start",
        median(ours, r -> r.stages().getOrDefault("first_step_at", Double.NaN)), 6,
        "6 s (wanted under)");
  }

  private void variant(Table table, int epochs, String what, Map<String, String> env,
      List<Run> reference) throws IOException, InterruptedException {
    List<Run> runs = new ArrayList<>();
    for (int seed = 1; seed <= Math.min(3, options.runs()); seed++) {
      runs.add(ours(epochs, seed, what, env));
    }
    table.add("whole", "ours: `train` wall seconds, " + epochs + " epochs, " + what
        + " (median of " + runs.size() + ")", median(runs, Run::wallSeconds),
        median(reference, Run::wallSeconds), "the default launcher's");
  }

  private Run ours(int epochs, int seed, String label, Map<String, String> env)
      throws IOException, InterruptedException {
    Path dir = options.work().resolve("ours-" + epochs + "-" + seed + "-" + label.hashCode());
    long steps = (long) epochs * ((TRAIN_ROWS + options.batch() - 1) / options.batch());
    List<String> command = List.of(options.root().resolve("submit-scripts/minibatch").toString(),
        "train", "--conf", options.root().resolve("conf/fashion-mnist.properties").toString(),
        "--overwrite", "--set", "spark.master=local[" + options.cores() + "]",
        "--set", "train.max_epochs=" + epochs, "--set", "train.batch_size=" + options.batch(),
        "--set", "train.optimizer=" + options.optimizer(),
        "--set", "train.schedule=cosine(steps=" + steps + ")", "--set", "train.seed=" + seed,
        "--set", "run.dir=" + dir);
    double wall = run(command, env);
    JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
    Map<String, Double> stages = new LinkedHashMap<>();
    summary.get("stages").fields().forEachRemaining(e -> {
      if (e.getValue().isNumber()) {
        stages.put(e.getKey(), e.getValue().asDouble());
      }
    });
    Run r = new Run(wall, summary.get("test_accuracy").asDouble(), stages);
    log.printf(Locale.ROOT, "whole command, ours %s, %d epochs, seed %d: %.2f s, test accuracy"
        + " %.4f, stages %s%n", label, epochs, seed, wall, r.testAccuracy(), stages);
    return r;
  }

  private Run pytorch(int epochs, int seed) throws IOException, InterruptedException {
    Path script = options.work().resolve("pytorch_fashion_mnist.py");
    if (!Files.exists(script)) {
      PyTorchRun.writeScript(script);
    }
    long steps = (long) epochs * ((TRAIN_ROWS + options.batch() - 1) / options.batch());
    Path out = options.work().resolve("pytorch-" + epochs + "-" + seed + ".jsonl");
    double wall = run(List.of(PyTorchRun.PYTHON, script.toString(),
        FashionMnist.DEBIAN_DIR.toString(), Integer.toString(epochs),
        Integer.toString(options.batch()), Double.toString(options.torchLr()),
        Integer.toString(options.cores()), Integer.toString(seed), Long.toString(steps)),
        Map.of(), out);
    List<String> lines = Files.readAllLines(out);
    double accuracy = JSON.readTree(lines.get(lines.size() - 1)).get("test_accuracy").asDouble();
    log.printf(Locale.ROOT, "whole command, PyTorch, %d epochs, seed %d: %.2f s, test accuracy"
        + " %.4f%n", epochs, seed, wall, accuracy);
    return new Run(wall, accuracy, Map.of());
  }

  private boolean torchWorks() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PyTorchRun.PYTHON, "-c", "import torch")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    boolean ok = p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0;
    if (!ok) {
      log.println("bench: no torch for " + PyTorchRun.PYTHON + "; whole command without"
          + " the PyTorch reference");
    }
    return ok;
  }

  private double run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(command, env, options.work().resolve("last-command.log"));
  }

  /** Runs {@code command} to its end, output to {@code out}; its wall seconds. */
  private double run(List<String> command, Map<String, String> env, Path out)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(out.toFile());
    // the launcher's defaults, as a user gets them, unless the variant sets them
    builder.environment().remove("MINIBATCH_JAVA_OPTS");
    builder.environment().remove("MINIBATCH_CDS");
    // local mode in a plain JVM, as measured, not spark-submit's path
    builder.environment().remove("SPARK_HOME");
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process p = builder.start();
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      List<String> lines = Files.readAllLines(out);
      throw new IOException(String.join(" ", command) + " failed: " + String.join("\n",
          lines.subList(Math.max(0, lines.size() - 10), lines.size())));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
    double[] v = runs.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
