package org.minibatch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minibatch.data.DataReader;
import org.minibatch.data.FashionMnist;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.optim.Optimizers;
import org.minibatch.spark.CachedData;
import org.minibatch.train.Precision;
import org.minibatch.train.TrainConfig;

/**
 * {@code minibatch bench}: in one process, on the same Fashion-MNIST data and the same
 * {@code local[N]} Spark, Spark MLlib's MLP and ours side by side, against the machine's gemm
 * rate and (if installed) PyTorch, with the per-step time split into its parts, step time
 * against data size, and cached bytes per row. Writes {@code bench.md} and {@code bench.csv}.
 */
public final class Benchmark {
  /** What to run; {@link #quick} is the CI mode (under two minutes). */
  public record Options(int cores, Path out, boolean quick, String bestOptimizer,
      String bestSchedule, int bestBatch, int bestEpochs) {
    int mllibIterations() {
      return quick ? 3 : 100;
    }

    int[] multiples() {
      return quick ? new int[] {1, 2} : new int[] {1, 4, 16};
    }

    int epochs() {
      return quick ? 1 : bestEpochs;
    }

    /** The given schedule, or (blank) cosine annealing to zero over the whole run. */
    String schedule(long trainRows) {
      if (!bestSchedule.isBlank()) {
        return bestSchedule;
      }
      long stepsPerEpoch = (trainRows + bestBatch - 1) / bestBatch;
      return "cosine(steps=" + stepsPerEpoch * epochs() + ")";
    }
  }

  static final int[] MLLIB_LAYERS = {784, 256, 128, 10};
  static final String RELU = "784-256-128-10 relu softmax";
  static final String SIGMOID = "784-256-128-10 sigmoid softmax";

  private final Options options;
  private final PrintStream log;
  private final Table table = new Table();
  private double limitF64;
  private double limitF32;

  public Benchmark(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  public Table run(SparkSession spark) throws Exception {
    if (!"1".equals(System.getenv("OPENBLAS_NUM_THREADS"))) {
      log.println("bench: OPENBLAS_NUM_THREADS is not 1; BLAS threads will fight Spark's tasks");
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int cores = options.cores();
    wholeCommand(table, options, log);
    limits(cores);
    Dataset<Row> trainFrame = DataReader.toFrame(spark, BenchData.trainRows(jsc, 1, cores));
    Dataset<Row> testFrame = DataReader.toFrame(spark, BenchData.testRows(jsc, cores));
    NetworkSpec relu = NetworkSpec.parse(RELU);
    OursRun.Result best;
    OursRun.Result sigmoid;
    OursRun.Result warm;
    try (CachedData train = CachedData.prepare(BenchData.trainRows(jsc, 1, cores), relu,
            new CachedData.Layout(cores, 0, 1));
        CachedData test = CachedData.prepare(BenchData.testRows(jsc, cores), relu,
            new CachedData.Layout(cores, 0, 1))) {
      double perRow = (double) train.cachedBytes() / train.totalTrainRows();
      table.add("memory", "ours: cached bytes per training row", perRow,
          4.0 * (784 + 1), "4 x (features + target)");
      // Collect the garbage of reading and caching now, as PyTorch's timing starts after its
      // data is loaded: otherwise the collection runs during the first timed epoch.
      System.gc();
      int epochs = options.epochs();
      String schedule = options.schedule(train.totalTrainRows());
      best = OursRun.run("ours relu adam", RELU, options.bestOptimizer(), schedule,
          options.bestBatch(), epochs, train, test);
      logEpochs(best);
      sigmoid = OursRun.run("ours sigmoid (MLlib's network)", SIGMOID, "adam(lr=0.002)",
          "constant", 256, options.quick() ? 1 : 5, train, test);
      logEpochs(sigmoid);
      // The breakdowns are steady-state costs (the FLOP rate is a throughput), so each warms
      // up for 100 steps of its own first; the cold cost is in the time-to-accuracy rows.
      breakdown(train, 1024, Precision.FLOAT32);
      breakdown(train, 1024, Precision.FLOAT64);
      breakdown(train, 128, Precision.FLOAT32);
      // The first run pays for the JVM's JIT warm-up (about 2 s of its first epoch here, and
      // some of the next); the same run again, after the breakdowns' thousands of jobs, shows
      // what a long-lived driver (a notebook, a tuning job) gets.
      warm = OursRun.run("ours relu adam, warm JVM", RELU, options.bestOptimizer(), schedule,
          options.bestBatch(), epochs, train, test);
      logEpochs(warm);
    }
    stepScaling(jsc, cores);
    List<MllibRun.Result> mllib = mllib(trainFrame, testFrame);
    MllibRun.Result bestMllib = mllib.stream()
        .max((a, b) -> Double.compare(a.testAccuracy(), b.testAccuracy())).orElseThrow();
    table.add("speed", "ours: seconds to MLlib's best accuracy (" + format(
        bestMllib.testAccuracy()) + ", " + bestMllib.solver() + ")", best.secondsTo(
        bestMllib.testAccuracy()), bestMllib.seconds(), "MLlib seconds (ratio <= 0.05 wanted)");
    table.add("speed", "ours sigmoid: seconds to MLlib's best accuracy",
        sigmoid.secondsTo(bestMllib.testAccuracy()), bestMllib.seconds(), "MLlib seconds");
    pytorch(cores, best, warm);
    mllibScaling(jsc, cores);
    new TransformBench(spark, options.quick(), log).addTo(table, cores);
    return table;
  }

  /** Only the prediction group ({@link TransformBench}). */
  public static Table transform(SparkSession spark, Options options, PrintStream log) {
    Table table = new Table();
    new TransformBench(spark, options.quick(), log).addTo(table, options.cores());
    return table;
  }

  /** Only the sparse group ({@link SparseScaling}). */
  public static Table sparse(SparkSession spark, Options options, PrintStream log) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<SparseScaling.Point> points = SparseScaling.run(jsc, options.quick()
        ? SparseScaling.Options.quick(options.cores())
        : SparseScaling.Options.full(options.cores()), log);
    points.forEach(p -> log.println("sparse scaling " + p));
    return SparseScaling.table(points);
  }

  /**
   * The "whole command" group (fresh processes timed from outside), first: before this JVM
   * holds the benchmark's data. Quick mode runs one seed of one epoch.
   */
  public static void wholeCommand(Table table, Options options, PrintStream log)
      throws Exception {
    Optional<Path> root = WholeCommand.root();
    if (root.isEmpty()) {
      log.println("bench: no submit-scripts/minibatch under MINIBATCH_HOME or the working"
          + " directory; skipping the whole-command group");
      return;
    }
    Path work = Files.createDirectories(options.out().resolve("whole-command"));
    double lr = Optimizers.parse(options.bestOptimizer()).learningRate();
    new WholeCommand(new WholeCommand.Options(root.get(), work, options.quick() ? 1 : 5,
        options.quick() ? new int[] {1} : new int[] {1, 3}, options.bestOptimizer(), lr,
        options.bestBatch(), options.cores(), !options.quick()), log).addTo(table);
  }

  private void limits(int cores) throws Exception {
    double d = GemmLimit.measure(cores, 1024, false);
    double s = GemmLimit.measure(cores, 1024, true);
    table.add("limit", "dgemm GFLOP/s, " + cores + " threads (1024^3)", d, Double.NaN, "");
    table.add("limit", "sgemm GFLOP/s, " + cores + " threads (1024^3)", s, Double.NaN, "");
    limitF64 = d;
    limitF32 = s;
    log.printf(Locale.ROOT, "gemm limit: %.1f GFLOP/s float64, %.1f float32%n", d, s);
    // a sparse step's pass over its batch's columns (256 rows of 90 words: about 23,000),
    // 16 hidden units, at widths from a first layer in cache to one of 1.28 GB
    int[] widths = options.quick() ? new int[] {100_000, 1_000_000}
        : new int[] {100_000, 1_000_000, 10_000_000};
    int passes = options.quick() ? 20 : 200;
    double narrow = Double.NaN;
    for (int inputs : widths) {
      double ms = ColumnPassLimit.measure(inputs, 16, 23_000, passes, 1);
      narrow = Double.isNaN(narrow) ? ms : narrow;
      table.add("limit", String.format(Locale.ROOT, "ms a pass over 23,000 random first-layer"
          + " columns of %,d inputs x 16", inputs), ms, inputs == widths[0] ? Double.NaN : narrow,
          inputs == widths[0] ? "" : "100,000 inputs");
      log.printf(Locale.ROOT, "column pass at %,d inputs: %.3f ms%n", inputs, ms);
    }
  }

  private void breakdown(CachedData train, int batch, Precision precision) {
    TrainConfig config = TrainConfig.builder(RELU).optimizer("adam(lr=0.001)").batchSize(batch)
        .seed(1).precision(precision).build();
    int steps = options.quick() ? 8 : 100;
    StepBreakdown.measure(train, config, options.quick() ? 3 : 100);
    StepBreakdown.Result r = StepBreakdown.measure(train, config, steps);
    log.println("batch " + batch + " " + precision.key() + ": " + r);
    String prefix = "step at batch " + batch + " (" + precision.key() + "), ms: ";
    table.add("step", prefix + "total", r.totalMs(), Double.NaN, "");
    table.add("step", prefix + "Spark job (empty job of the same shape)", r.jobMs(),
        r.totalMs(), "share of the step");
    table.add("step", prefix + "broadcast", r.broadcastMs() - r.jobMs(), r.totalMs(),
        "share of the step");
    table.add("step", prefix + "executor compute", r.computeMs() - r.broadcastMs(),
        r.totalMs(), "share of the step");
    table.add("step", prefix + "aggregation", r.stepMs() - r.computeMs(), r.totalMs(),
        "share of the step");
    table.add("step", prefix + "driver update", r.updateMs(), r.totalMs(), "share of the step");
    double flops = NetworkSpec.parse(RELU).flopsPerRow() * (double) batch;
    double achieved = flops / (r.totalMs() * 1e6);
    boolean single = config.precision() == Precision.FLOAT32;
    table.add("flops", "training GFLOP/s at batch " + batch + " (" + config.precision().key()
        + ")", achieved, single ? limitF32 : limitF64, (single ? "s" : "d")
        + "gemm limit (ratio >= 0.5 wanted at 1024)");
  }

  private void stepScaling(JavaSparkContext jsc, int cores) {
    TrainConfig config = TrainConfig.builder(RELU).optimizer(options.bestOptimizer())
        .batchSize(options.bestBatch()).seed(1).build();
    List<StepScaling.Point> points = StepScaling.run(jsc, config, cores, options.multiples(),
        options.quick() ? 21 : 105);
    for (StepScaling.Point p : points) {
      log.println("step scaling " + p);
      table.add("scaling", String.format(Locale.ROOT, "ours: ms per step at %dx rows (%,d)",
          p.copies(), p.rows()), p.step().totalMs(), points.get(0).step().totalMs(),
          "1x (ratio <= 1.2 wanted)");
    }
  }

  private List<MllibRun.Result> mllib(Dataset<Row> train, Dataset<Row> test) throws Exception {
    List<MllibRun.Result> results = new ArrayList<>();
    int iterations = options.mllibIterations();
    for (String solver : List.of("l-bfgs", "gd")) {
      MllibRun.Result r = MllibRun.fit(train, test, MLLIB_LAYERS, solver, iterations, 0.5, 1);
      log.printf(Locale.ROOT, "MLlib %s, %d iterations: %.1f s, test accuracy %.4f, cached"
          + " %.0f bytes/row%n", solver, iterations, r.seconds(), r.testAccuracy(),
          r.cachedBytesPerRow());
      table.add("mllib", "MLlib " + solver + " " + iterations + " iterations: seconds",
          r.seconds(), Double.NaN, "test accuracy " + format(r.testAccuracy()));
      table.add("memory", "MLlib " + solver + ": cached bytes per training row",
          r.cachedBytesPerRow(), 4.0 * (784 + 1), "4 x (features + target)");
      results.add(r);
    }
    return results;
  }

  private void mllibScaling(JavaSparkContext jsc, int cores) throws Exception {
    double first = Double.NaN;
    for (int copies : options.multiples()) {
      Dataset<Row> frame = DataReader.toFrame(SparkSession.active(),
          BenchData.trainRows(jsc, copies, cores * copies));
      double perIteration = MllibRun.gdIterationSeconds(frame, MLLIB_LAYERS,
          options.quick() ? 3 : 5, 1);
      first = Double.isNaN(first) ? perIteration : first;
      log.printf(Locale.ROOT, "MLlib gd at %dx rows: %.2f s per iteration%n", copies,
          perIteration);
      table.add("scaling", String.format(Locale.ROOT, "MLlib gd: s per iteration at %dx rows",
          copies), perIteration, first, "1x");
    }
  }

  private void pytorch(int cores, OursRun.Result best, OursRun.Result warm) throws Exception {
    Optional<List<EpochClock.Point>> torch = PyTorchRun.run(FashionMnist.DEBIAN_DIR,
        options.quick() ? 1 : 4, 1024, 0.003, cores, 1);
    if (torch.isEmpty()) {
      table.add("speed", "ours: seconds to test accuracy 0.85", best.secondsTo(0.85), 10,
          "10 s (no PyTorch here)");
      return;
    }
    double torchTo85 = torch.get().stream().filter(p -> p.testAccuracy() >= 0.85)
        .findFirst().map(EpochClock.Point::trainSeconds).orElse(Double.NaN);
    torch.get().forEach(p -> log.printf(Locale.ROOT, "PyTorch epoch %d: %.1f s, test accuracy"
        + " %.4f%n", p.epoch(), p.trainSeconds(), p.testAccuracy()));
    String reference = "PyTorch seconds (CPU, " + cores + " threads, batch 1024, Adam 3e-3)";
    table.add("speed", "ours: seconds to test accuracy 0.85", best.secondsTo(0.85), torchTo85,
        reference);
    table.add("speed", "ours, warm JVM: seconds to test accuracy 0.85", warm.secondsTo(0.85),
        torchTo85, reference);
  }

  private void logEpochs(OursRun.Result r) {
    for (EpochClock.Point p : r.epochs()) {
      log.printf(Locale.ROOT, "%s epoch %d: %.1f s, test accuracy %.4f%n", r.name(), p.epoch(),
          p.trainSeconds(), p.testAccuracy());
    }
    table.add("ours", r.name() + ": ms per step (batch " + r.config().batchSize() + ", "
        + r.config().optimizer() + ")", 1000 * r.secondsPerStep(), Double.NaN,
        "final test accuracy " + format(r.finalAccuracy()));
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** Writes the table as {@code bench.md} and {@code bench.csv} in {@code dir}. */
  public static void write(Table table, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("bench.md"), table.markdown());
    Files.writeString(dir.resolve("bench.csv"), table.csv());
  }
}
