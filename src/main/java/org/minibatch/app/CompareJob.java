package org.minibatch.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.report.CompareCharts;
import org.minibatch.train.Checkpointer;
import org.minibatch.train.ConsoleProgressListener;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.Evaluation;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingDivergedException;
import org.minibatch.train.TrainingHistory;
import org.minibatch.train.TrainingResult;

/**
 * {@code minibatch compare}: the same network trained with each of several optimizers, from the
 * same initial weights and with the same batch order (the config's seed), everything else as the
 * config says; the data is read and cached once. Runs one optimizer after the other, so their
 * timings are comparable. Writes {@code compare.csv} and the charts of {@link CompareCharts}.
 */
public final class CompareJob {
  /** One optimizer's run. */
  public record Row(String optimizer, String status, int epochs, long steps,
      double trainLoss, Evaluation validation, Evaluation test, double seconds,
      double updateSeconds, TrainingHistory history) {
    public double stepsPerSecond() {
      return seconds > 0 ? steps / seconds : Double.NaN;
    }

    /** Milliseconds per step of the optimizer's own work on the driver. */
    public double updateMillisPerStep() {
      return steps > 0 ? 1000 * updateSeconds / steps : Double.NaN;
    }
  }

  private final Settings settings;
  private final SparkSession spark;
  private final PrintStream console;

  public CompareJob(Settings settings, SparkSession spark, PrintStream console) {
    this.settings = settings;
    this.spark = spark;
    this.console = console;
  }

  /**
   * Trains with every optimizer spec, writes the output directory ({@code out}, or
   * {@code runs/compare-<conf>-<time>} when null) and returns one row per optimizer.
   */
  public List<Row> run(List<String> optimizers, String out, boolean overwrite)
      throws IOException {
    return run(optimizers, out, overwrite, 0);
  }

  /**
   * As {@link #run(List, String, boolean)}, after {@code warmupSteps} untimed steps with the
   * first optimizer: the first run in a JVM otherwise also pays for JIT compilation and Spark's
   * first jobs, which on Fashion-MNIST made the first epoch more than twice as long as the same
   * epoch in a later run (BENCHMARKS.md, "Behind the code").
   */
  public List<Row> run(List<String> optimizers, String out, boolean overwrite, int warmupSteps)
      throws IOException {
    return run(check(settings, optimizers), out, overwrite, warmupSteps);
  }

  /** As {@link #run(List, String, boolean, int)}, for runs already checked by {@link #check}. */
  public List<Row> run(Plan plan, String out, boolean overwrite, int warmupSteps)
      throws IOException {
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("--warmup-steps must be >= 0, got " + warmupSteps);
    }
    List<String> optimizers = plan.optimizers;
    List<TrainSettings> runs = plan.runs;
    String location = out != null ? out : "runs/compare-" + settings.name() + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    RunDirectory dir = RunDirectory.open(location, spark.sparkContext().hadoopConfiguration(),
        overwrite, false);
    List<Row> rows = new ArrayList<>();
    List<String> files = new ArrayList<>(List.of("compare.csv"));
    try (PreparedData data = PreparedData.prepare(settings, spark, true)) {
      TrainConfig base = data.config();
      // One draw of initial weights for all: the comparison is of optimizers, not of starts.
      double[] initial = base.initializer().initialize(base.network(), base.seed());
      if (warmupSteps > 0) {
        console.printf(Locale.ROOT, "warm-up: %d untimed steps of %s%n", warmupSteps,
            optimizers.get(0));
        TrainConfig first = data.config(runs.get(0));
        warmUp(data, first.toBuilder().stop(first.stop().withMaxSteps(warmupSteps)).build(),
            initial);
      }
      for (int i = 0; i < runs.size(); i++) {
        console.printf(Locale.ROOT, "compare %d/%d: %s%n", i + 1, runs.size(),
            optimizers.get(i));
        rows.add(train(data, optimizers.get(i), data.config(runs.get(i)), initial));
      }
      Map<String, TrainingHistory> histories = new LinkedHashMap<>();
      rows.forEach(r -> histories.put(r.optimizer(), r.history()));
      for (Map.Entry<String, byte[]> chart : CompareCharts.draw(histories,
          data.spec().isClassifier()).entrySet()) {
        dir.writeBytes(chart.getKey(), chart.getValue());
        files.add(chart.getKey());
      }
    }
    dir.writeText("compare.csv", csv(rows));
    console.println("written: " + dir.display() + "/{" + String.join(",", files) + "}");
    return rows;
  }

  /** The runs of a comparison, each optimizer's settings parsed once by {@link #check}. */
  public static final class Plan {
    private final List<String> optimizers;
    private final List<TrainSettings> runs;

    private Plan(List<String> optimizers, List<TrainSettings> runs) {
      this.optimizers = List.copyOf(optimizers);
      this.runs = List.copyOf(runs);
    }
  }

  /**
   * The config of each optimizer's run; fails, without Spark, on an empty or repeated list or a
   * spec that does not parse.
   */
  public static Plan check(Settings settings, List<String> optimizers) {
    if (optimizers.isEmpty()) {
      throw new IllegalArgumentException("give at least one optimizer to compare");
    }
    List<TrainSettings> runs = new ArrayList<>();
    for (String spec : optimizers) {
      if (optimizers.indexOf(spec) != optimizers.lastIndexOf(spec)) {
        throw new IllegalArgumentException("optimizer " + spec + " is given twice");
      }
      runs.add(TrainSettings.parse(settings.with(Key.TRAIN_OPTIMIZER, spec)));
    }
    return new Plan(optimizers, runs);
  }

  private static void warmUp(PreparedData data, TrainConfig config, double[] initial) {
    try {
      // with the listener of the timed runs, whose code must be warm too
      data.train(config, List.of(new ConsoleProgressListener(
          new PrintStream(OutputStream.nullOutputStream()))), Checkpointer.NONE, initial);
    } catch (TrainingDivergedException e) {
      // the timed run of this optimizer reports it
    }
  }

  private Row train(PreparedData data, String label, TrainConfig config, double[] initial) {
    TrainingResult result;
    String status = "ok";
    try {
      result = data.train(config, List.of(new ConsoleProgressListener(console)),
          Checkpointer.NONE, initial);
    } catch (TrainingDivergedException e) {
      console.println(label + ": " + e.getMessage());
      result = e.lastGood();
      status = "diverged";
    }
    NetworkSpec net = config.network();
    List<EpochMetrics> epochs = result.history().epochs();
    double trainLoss = epochs.isEmpty() ? Double.NaN
        : epochs.get(epochs.size() - 1).trainLoss();
    Evaluation validation = data.hasValidation() ? data.validate(net, result.params()) : null;
    return new Row(label, status, result.epochs(), result.steps(), trainLoss, validation,
        data.test(net, result.params()), result.timings().totalSeconds(),
        result.timings().updateSeconds(), result.history());
  }

  static final String HEADER = "optimizer,status,epochs,steps,final_train_loss,"
      + "validation_loss,validation_accuracy,test_loss,test_accuracy,seconds,steps_per_second,"
      + "update_ms_per_step";

  static String csv(List<Row> rows) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (Row r : rows) {
      csv.append(String.join(",", quote(r.optimizer()), r.status(),
          String.valueOf(r.epochs()), String.valueOf(r.steps()), num(r.trainLoss()),
          num(r.validation() == null ? Double.NaN : r.validation().loss()),
          num(r.validation() == null ? Double.NaN : r.validation().accuracy()),
          num(r.test() == null ? Double.NaN : r.test().loss()),
          num(r.test() == null ? Double.NaN : r.test().accuracy()),
          String.format(Locale.ROOT, "%.2f", r.seconds()),
          String.format(Locale.ROOT, "%.1f", r.stepsPerSecond()),
          String.format(Locale.ROOT, "%.3f", r.updateMillisPerStep()))).append('\n');
    }
    return csv.toString();
  }

  /** The table as printed: one aligned line per optimizer, "-" where there is no value. */
  public static List<String> table(List<Row> rows) {
    int width = Math.max(9, rows.stream().mapToInt(r -> r.optimizer().length()).max()
        .orElse(0));
    String format = "%-" + width + "s  %-8s %6s %7s %10s %9s %9s %9s %9s %8s %8s %9s";
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, format, "optimizer", "status", "epochs", "steps",
        "train_loss", "val_loss", "val_acc", "test_loss", "test_acc", "seconds", "steps/s",
        "update_ms"));
    for (Row r : rows) {
      lines.add(String.format(Locale.ROOT, format, r.optimizer(), r.status(), r.epochs(),
          r.steps(), cell(r.trainLoss()),
          cell(r.validation() == null ? Double.NaN : r.validation().loss()),
          cell(r.validation() == null ? Double.NaN : r.validation().accuracy()),
          cell(r.test() == null ? Double.NaN : r.test().loss()),
          cell(r.test() == null ? Double.NaN : r.test().accuracy()),
          String.format(Locale.ROOT, "%.1f", r.seconds()),
          String.format(Locale.ROOT, "%.1f", r.stepsPerSecond()),
          String.format(Locale.ROOT, "%.3f", r.updateMillisPerStep())));
    }
    return lines;
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }

  private static String quote(String text) {
    return text.contains(",") || text.contains("\"")
        ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }
}
