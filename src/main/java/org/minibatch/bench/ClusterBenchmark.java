package org.minibatch.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.SparkSessions;
import org.minibatch.cluster.StandaloneCluster;
import org.minibatch.data.DataReader;
import org.minibatch.nn.NetworkSpec;

/**
 * {@code minibatch bench --cluster N}: per-step time and the bytes into and out of the driver
 * for the Fashion-MNIST network and an 11.6M-parameter one (784-4096-2048-10) at several
 * partition counts, first in {@code local[2]}, then on a Spark standalone cluster of N
 * one-core workers started on this machine from the Maven jars (executors in their own JVMs),
 * plus one iteration of Spark MLlib's MLP (gd) on each. Kryo is the serializer throughout, as
 * on many clusters. Writes {@code cluster.md} and {@code cluster.csv}.
 */
public final class ClusterBenchmark {
  static final String FASHION = "784-256-128-10 relu softmax";
  static final String WIDE = "784-4096-2048-10 relu softmax";

  /** What to run. */
  public record Options(int workers, Path out, boolean quick) {
    int[] partitions() {
      return quick ? new int[] {2, 64} : new int[] {2, 16, 64, 256};
    }

    List<NetworkSpec> networks() {
      return quick ? List.of(NetworkSpec.parse(FASHION))
          : List.of(NetworkSpec.parse(FASHION), NetworkSpec.parse(WIDE));
    }

    int[] batches() {
      return new int[] {256, 256};
    }

    int[] warmup() {
      return quick ? new int[] {10} : new int[] {100, 2};
    }

    int[] steps() {
      return quick ? new int[] {10} : new int[] {100, 8};
    }
  }

  private final Options options;
  private final PrintStream log;

  public ClusterBenchmark(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  public Table run() throws Exception {
    Map<String, String> kryo = new HashMap<>(Map.of(
        "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
        "spark.ui.enabled", "false"));
    Map<String, String> local = new HashMap<>(kryo);
    local.put("spark.master", "local[2]");
    List<ClusterSteps.Point> localPoints;
    double localMllib;
    try (SparkSession spark = SparkSessions.create("minibatch bench local[2]", local)) {
      localPoints = sweep(spark, "local[2]");
      localMllib = mllib(spark, "local[2]");
    }
    Path dir = options.out().resolve("cluster");
    List<ClusterSteps.Point> clusterPoints;
    double clusterMllib;
    String where = options.workers() + " executors";
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, options.workers(), 1, "3g")) {
      Map<String, String> remote = new HashMap<>(kryo);
      remote.put("spark.master", cluster.masterUrl());
      remote.put("spark.executor.memory", "2g");
      remote.put("spark.driver.host", "127.0.0.1");
      // Executors run on this machine: they load our classes from where this JVM did (the
      // project's jar, or target/classes under a test runner).
      remote.put("spark.executor.extraClassPath", Path.of(ClusterBenchmark.class
          .getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      try (SparkSession spark = SparkSessions.create("minibatch bench cluster", remote)) {
        clusterPoints = sweep(spark, where);
        clusterMllib = mllib(spark, where);
      }
    }
    return table(localPoints, clusterPoints, localMllib, clusterMllib, where);
  }

  private List<ClusterSteps.Point> sweep(SparkSession spark, String where) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<ClusterSteps.Point> points = ClusterSteps.sweep(jsc, options.networks(),
        options.batches(), options.partitions(), options.warmup(), options.steps());
    points.forEach(p -> log.println(where + ": " + p));
    return points;
  }

  /** Seconds of one full-batch gd iteration of MLlib's MLP on 60,000 rows, 16 partitions. */
  private double mllib(SparkSession spark, String where) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> frame = DataReader.toFrame(spark, BenchData.trainRows(jsc, 1, 16)).cache();
    double seconds = MllibRun.gdIterationSeconds(frame, Benchmark.MLLIB_LAYERS,
        options.quick() ? 3 : 5, 1);
    frame.unpersist();
    log.printf(Locale.ROOT, "%s: MLlib gd, %.2f s per iteration%n", where, seconds);
    return seconds;
  }

  private static Table table(List<ClusterSteps.Point> local, List<ClusterSteps.Point> cluster,
      double localMllib, double clusterMllib, String where) {
    Table table = new Table();
    for (int i = 0; i < cluster.size(); i++) {
      ClusterSteps.Point c = cluster.get(i);
      ClusterSteps.Point l = local.get(i);
      String name = String.format(Locale.ROOT, "%s, %d partitions, batch %d", c.network(),
          c.partitions(), c.batch());
      table.add("cluster", name + ": ms per step, " + where + " (" + c.route() + ", "
          + String.format(Locale.ROOT, "%.1f", c.tasksPerStep()) + " tasks)", c.stepMs(),
          l.stepMs(), "local[2]");
      table.add("cluster", name + ": MB to the driver per step, " + where,
          c.bytesToDriver() / 1e6, l.bytesToDriver() / 1e6, "local[2]");
      table.add("cluster", name + ": MB of weights broadcast per step, " + where,
          c.bytesFromDriver() / 1e6, l.bytesFromDriver() / 1e6, "local[2]");
    }
    table.add("cluster", "MLlib MLP (784-256-128-10 sigmoid) gd iteration, 60,000 rows,"
        + " 16 partitions: ms, " + where, 1e3 * clusterMllib, 1e3 * localMllib, "local[2]");
    return table;
  }
}
