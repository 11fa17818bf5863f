package org.minibatch.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.minibatch.data.FeatureStorage;
import org.minibatch.data.LabeledRow;
import org.minibatch.data.SyntheticDocuments;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.DistributedTrainer;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingResult;

/**
 * Per-step time of sparse training at several input widths, on the same documents
 * ({@link SyntheticDocuments}: 100 words a row, about 90 distinct columns at every width) and
 * the same network shape, F-16-10 with its first layer stored by input column, as
 * {@code data.sparse=auto} trains them: a step's work is proportional to the batch's non-zeros,
 * so its time should hardly grow with F.
 *
 * <p>Every width is cached first. Then, round after round, each trains {@code steps} steps of
 * {@code sgd} from the same initial weights (the widths ascending in even rounds, descending in
 * odd ones, so that every width meets the same drift of the machine); the first round warms
 * the JIT up and is not counted, and each width's figure is its median round. Next to each,
 * {@link ColumnPassLimit}: one pass over a batch's worth of random first-layer columns by
 * itself, the memory system's share of how a step grows with the width (a step reads its
 * columns in the forward pass and writes them in the update).
 */
public final class SparseScaling {
  private SparseScaling() {}

  /** What to measure. */
  public record Options(int partitions, int[] widths, int rows, int steps, int rounds) {
    public Options {
      if (widths.length == 0 || rows < 1 || steps < 1 || rounds < 2) {
        throw new IllegalArgumentException("need widths, rows >= 1, steps >= 1 and rounds >= 2,"
            + " got " + Arrays.toString(widths) + ", " + rows + ", " + steps + ", " + rounds);
      }
    }

    /** The CI mode: two widths, few rows and steps. */
    public static Options quick(int partitions) {
      return new Options(partitions, new int[] {100_000, 1_000_000}, 4_000, 20, 2);
    }

    /** The widths and rows: 200,000 documents at 100k, 1M and 10M inputs. */
    public static Options full(int partitions) {
      return new Options(partitions, new int[] {100_000, 1_000_000, 10_000_000}, 200_000, 300,
          6);
    }
  }

  /** One width: the median round's milliseconds a step, split, and the column pass alone. */
  public record Point(int inputs, double stepMs, double gradientMs, double updateMs,
      double columnPassMs, double bytesPerNonZero) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,d inputs: %.2f ms a step (gradient %.2f, update"
          + " %.2f); one pass over 23,000 columns alone %.2f ms; cached %.2f bytes a non-zero",
          inputs, stepMs, gradientMs, updateMs, columnPassMs, bytesPerNonZero);
    }
  }

  static final int BATCH = 256;
  static final int HIDDEN = 16;

  public static List<Point> run(JavaSparkContext jsc, Options options, PrintStream log) {
    int widths = options.widths().length;
    List<CachedData> cached = new ArrayList<>();
    try {
      for (int inputs : options.widths()) {
        CachedData data = CachedData.prepare(documents(jsc, inputs, options),
            NetworkSpec.parse(network(inputs)), new CachedData.Layout(options.partitions(), 0, 1));
        if (data.storage() != FeatureStorage.SPARSE) {
          throw new IllegalStateException("documents at " + inputs + " inputs were cached "
              + data.storage() + ", not sparse");
        }
        cached.add(data);
      }
      double[][][] measured = new double[widths][options.rounds() - 1][];
      for (int round = 0; round < options.rounds(); round++) {
        for (int k = 0; k < widths; k++) {
          int i = round % 2 == 0 ? k : widths - 1 - k;
          double[] step = steps(cached.get(i), options);
          log.printf(Locale.ROOT, "sparse scaling, round %d, %,d inputs: %.2f ms a step%n",
              round, options.widths()[i], step[0]);
          if (round > 0) {
            measured[i][round - 1] = step;
          }
        }
      }
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < widths; i++) {
        double[][] rounds = measured[i];
        Arrays.sort(rounds, (a, b) -> Double.compare(a[0], b[0]));
        double[] median = rounds[(rounds.length - 1) / 2];
        CachedData data = cached.get(i);
        points.add(new Point(options.widths()[i], median[0], median[1], median[2],
            ColumnPassLimit.measure(options.widths()[i], HIDDEN, 23_000, 200, 1),
            (double) data.cachedBytes() / data.storedValues()));
      }
      return points;
    } finally {
      cached.forEach(CachedData::close);
    }
  }

  static String network(int inputs) {
    return inputs + "-" + HIDDEN + "-10 relu softmax by_input";
  }

  private static JavaRDD<LabeledRow> documents(JavaSparkContext jsc, int inputs,
      Options options) {
    List<Integer> rows = IntStream.range(0, options.rows()).boxed().toList();
    return jsc.parallelize(rows, options.partitions())
        .map(r -> new SyntheticDocuments(inputs, 100, 10, 1).row(r));
  }

  /** The rows of the table: a step and a column pass at each width against the first. */
  public static Table table(List<Point> points) {
    Table table = new Table();
    Point first = points.get(0);
    String reference = String.format(Locale.ROOT, "%,d inputs", first.inputs());
    row(table, points, "sparse", "ours: ms a step at %,d inputs (F-" + HIDDEN + "-10, batch "
        + BATCH + ", sgd)", Point::stepMs, reference + " (ratio <= 1.3 wanted)");
    row(table, points, "sparse", "ours: ms of the step's gradient at %,d inputs",
        Point::gradientMs, reference);
    row(table, points, "sparse", "ours: ms of the step's update at %,d inputs",
        Point::updateMs, reference);
    row(table, points, "limit", "ms a pass over 23,000 random first-layer columns of %,d inputs"
        + " x " + HIDDEN, Point::columnPassMs, reference);
    for (Point p : points) {
      table.add("memory", String.format(Locale.ROOT, "ours: cached bytes per non-zero at %,d"
          + " inputs", p.inputs()), p.bytesPerNonZero(), 10, "at most 10 wanted");
    }
    return table;
  }

  /** One row a width, the first width's value the reference of the others. */
  private static void row(Table table, List<Point> points, String group, String metric,
      java.util.function.ToDoubleFunction<Point> value, String reference) {
    Point first = points.get(0);
    for (Point p : points) {
      boolean isFirst = p == first;
      table.add(group, String.format(Locale.ROOT, metric, p.inputs()), value.applyAsDouble(p),
          isFirst ? Double.NaN : value.applyAsDouble(first), isFirst ? "" : reference);
    }
  }

  /** Milliseconds a step: the whole step, the gradient, the update. */
  private static double[] steps(CachedData data, Options options) {
    TrainConfig config = TrainConfig.builder(data.spec()).optimizer("sgd(lr=0.5)")
        .batchSize(BATCH).seed(1).stop(StopCriteria.epochs(1000).withMaxSteps(options.steps()))
        .build();
    TrainingResult result = new DistributedTrainer(config).train(data, null);
    double gradient = 1000 * result.timings().gradientSeconds() / result.steps();
    double update = 1000 * result.timings().updateSeconds() / result.steps();
    return new double[] {gradient + update, gradient, update};
  }
}
