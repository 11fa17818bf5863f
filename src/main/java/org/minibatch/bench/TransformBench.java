package org.minibatch.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minibatch.data.DataReader;
import org.minibatch.ml.NeuralNetClassificationModel;
import org.minibatch.nn.Initializer;
import org.minibatch.nn.NetworkSpec;

/**
 * The fitted models at work: {@code transform} throughput of ours against MLlib's
 * {@code MultilayerPerceptronClassificationModel} of the same shape (784-256-128-10, sigmoid
 * hidden layers as MLlib's are) over the same rows, every output column computed (Spark's
 * {@code noop} sink), and the latency of {@code predict(vector)} on the driver. The rows are
 * Fashion-MNIST's 60,000 training images, cached, repeated to about a million by a cross join;
 * what reading and repeating them costs alone is a row of its own.
 */
final class TransformBench {
  private static final String SHAPE = "784-256-128-10";

  private final SparkSession spark;
  private final boolean quick;
  private final PrintStream log;

  TransformBench(SparkSession spark, boolean quick, PrintStream log) {
    this.spark = spark;
    this.quick = quick;
    this.log = log;
  }

  void addTo(Table table, int cores) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> images = DataReader.toFrame(spark, BenchData.trainRows(jsc, 1, cores)).cache();
    long count = images.count();
    int copies = quick ? 1 : 17;
    Dataset<Row> rows = copies == 1 ? images
        : images.crossJoin(spark.range(copies)).drop("id");
    long total = count * copies;
    MultilayerPerceptronClassificationModel mllib = new MultilayerPerceptronClassifier()
        .setLayers(new int[] {784, 256, 128, 10}).setMaxIter(1).setSeed(1)
        .fit(images.limit(2000));
    NetworkSpec spec = NetworkSpec.parse(SHAPE + " sigmoid softmax");
    NeuralNetClassificationModel ours = NeuralNetClassificationModel.of(spec,
        Initializer.parse("xavier_normal").initialize(spec, 1));
    int passes = quick ? 1 : 2;
    double input = best(passes, () -> rows);
    double oursSeconds = best(passes, () -> ours.transform(rows));
    double mllibSeconds = best(passes, () -> mllib.transform(rows));
    String what = String.format(Locale.ROOT, "%,d rows, %s sigmoid, every output column",
        total, SHAPE);
    table.add("predict", "transform rows/s, ours (" + what + ")", total / oursSeconds,
        total / mllibSeconds, "MLlib's MultilayerPerceptronClassificationModel (ratio >= 2"
            + " wanted)");
    table.add("predict", "reading and repeating the rows alone, rows/s", total / input,
        Double.NaN, "");

    List<Vector> vectors = images.limit(1000).select("features").collectAsList().stream()
        .map(r -> (Vector) r.get(0)).toList();
    int calls = quick ? 2_000 : 50_000;
    NetworkSpec relu = NetworkSpec.parse(SHAPE + " relu softmax");
    NeuralNetClassificationModel fashionMnist = NeuralNetClassificationModel.of(relu,
        Initializer.parse("he_normal").initialize(relu, 1));
    double mllibMicros = micros(calls, vectors, v -> mllib.predict(v));
    table.add("predict", "predict(vector) microseconds a call, ours (" + SHAPE + " sigmoid, "
        + "driver, one thread)", micros(calls, vectors, v -> ours.predict(v)), mllibMicros,
        "MLlib's");
    table.add("predict", "predict(vector) microseconds a call, ours (" + SHAPE + " relu, the"
        + " Fashion-MNIST network)", micros(calls, vectors, v -> fashionMnist.predict(v)), 50,
        "50 microseconds (wanted under)");
    images.unpersist();
  }

  /** The fastest of {@code passes} full computations of the frame, in seconds. */
  private double best(int passes, java.util.function.Supplier<Dataset<Row>> frame) {
    double best = Double.MAX_VALUE;
    for (int pass = 0; pass < passes; pass++) {
      long start = System.nanoTime();
      frame.get().write().format("noop").mode("overwrite").save();
      double seconds = (System.nanoTime() - start) / 1e9;
      log.printf(Locale.ROOT, "transform pass: %.2f s%n", seconds);
      best = Math.min(best, seconds);
    }
    return best;
  }

  /** Mean microseconds of {@code calls} calls after as many for warm-up. */
  private static double micros(int calls, List<Vector> vectors,
      java.util.function.ToDoubleFunction<Vector> predict) {
    double sink = 0;
    for (int i = 0; i < calls; i++) {
      sink += predict.applyAsDouble(vectors.get(i % vectors.size()));
    }
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      sink += predict.applyAsDouble(vectors.get(i % vectors.size()));
    }
    double micros = (System.nanoTime() - start) / 1e3 / calls;
    return sink == Double.MIN_VALUE ? Double.NaN : micros;
  }
}
