package org.minibatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.SparkSessions;
import org.minibatch.bench.Benchmark;
import org.minibatch.bench.ClusterBenchmark;
import org.minibatch.bench.Table;
import org.minibatch.data.FashionMnist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minibatch bench}: ours against Spark MLlib, PyTorch and the machine's gemm rate. */
@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Benchmark against Spark MLlib's MLP, PyTorch and the machine's gemm rate.",
    description = {
        "In one process, on Fashion-MNIST in local[N]: MLlib's MultilayerPerceptronClassifier"
            + " (l-bfgs and gd) and ours (MLlib's sigmoid network, and relu + Adam), time to"
            + " accuracy, the per-step time split into Spark job, broadcast, compute,"
            + " aggregation and driver update, training FLOP rate against gemm, step time at"
            + " 1x/4x/16x the rows, cached bytes per row, and PyTorch on the CPU when"
            + " /usr/bin/python3 has torch (Debian: python3-torch); first, the whole `train`"
            + " command as fresh processes against the PyTorch script run the same way."
            + " Writes bench.md and"
            + " bench.csv. The full run takes about a quarter of an hour on 2 cores; --quick"
            + " (for CI) under two minutes. Run with OPENBLAS_NUM_THREADS=1 (the launcher"
            + " sets it).",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  MINIBATCH_JAVA_OPTS=-Xmx16g minibatch bench --out bench-results",
        "  minibatch bench --quick --out /tmp/bench",
        "  minibatch bench --whole-command --out bench-results",
        "  minibatch bench --cluster 2 --out bench-results",
        "  minibatch bench --transform --out bench-results",
        "  minibatch bench --sparse --out bench-results"})
final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--cores", defaultValue = "2", paramLabel = "N",
      description = "Spark runs local[N], N partitions (default: ${DEFAULT-VALUE}).")
  int cores;

  @Option(names = "--out", defaultValue = "bench-results", paramLabel = "DIR",
      description = "Where bench.md and bench.csv go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--quick", description = "Few iterations and sizes: checks it all works.")
  boolean quick;

  @Option(names = "--cluster", defaultValue = "0", paramLabel = "N",
      description = "Instead: start a Spark standalone cluster of N one-core workers here from"
          + " the Maven jars and measure distributed steps (Fashion-MNIST's network and an"
          + " 11.6M-parameter one at 2, 16, 64 and 256 partitions, bytes into and out of the"
          + " driver) there and in local[2], plus MLlib's MLP iteration; writes cluster.md"
          + " and cluster.csv. About ten minutes with N=2.")
  int cluster;

  @Option(names = "--whole-command", description = "Instead: only the whole-command group:"
      + " `train` of 1 and 3 epochs as fresh processes timed from outside, 5 seeds each,"
      + " against the PyTorch script run the same way, with our stage split; writes"
      + " whole-command.md and whole-command.csv. About six minutes on 2 cores.")
  boolean wholeCommand;

  @Option(names = "--transform", description = "Instead: only the prediction group: transform"
      + " throughput over about a million rows against MLlib's"
      + " MultilayerPerceptronClassificationModel of the same shape, and predict(vector)"
      + " latency; writes transform.md and transform.csv. A few minutes on 2 cores.")
  boolean transform;

  @Option(names = "--sparse", description = "Instead: only the sparse group: the same 200,000"
      + " synthetic documents at 100k, 1M and 10M inputs (F-16-10, batch 256, sgd), ms a step"
      + " at each width against 100k, next to one pass over a batch's first-layer columns by"
      + " itself; writes sparse.md and sparse.csv. About a minute on 2 cores; give the"
      + " JVM 8 GB (MINIBATCH_JAVA_OPTS=-Xmx8g, the default).")
  boolean sparse;

  @Option(names = "--optimizer", defaultValue = "adam(lr=0.004)", paramLabel = "SPEC",
      description = "Our best config's optimizer (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(names = "--schedule", defaultValue = "", paramLabel = "SPEC",
      description = "Our best config's schedule (default: cosine annealing to zero over all"
          + " the run's steps, cosine(steps=177) for 3 epochs of batch 1024).")
  String schedule;

  @Option(names = "--batch", defaultValue = "1024", paramLabel = "N",
      description = "Our best config's batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--epochs", defaultValue = "3", paramLabel = "N",
      description = "Our best config's epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Override
  public Integer call() throws Exception {
    if (!sparse && !FashionMnist.available()) {
      throw new IllegalArgumentException(FashionMnist.HOW_TO_GET);
    }
    if (cluster > 0) {
      return written(new ClusterBenchmark(new ClusterBenchmark.Options(cluster, out, quick),
          System.err).run(), "cluster");
    }
    Benchmark.Options options = new Benchmark.Options(cores, out, quick, optimizer, schedule,
        batch, epochs);
    if (wholeCommand) {
      Table table = new Table();
      Benchmark.wholeCommand(table, options, System.err);
      return written(table, "whole-command");
    }
    try (SparkSession spark = SparkSessions.create("minibatch bench", Map.of(
        "spark.master", "local[" + cores + "]", "spark.ui.enabled", "false"))) {
      if (transform) {
        return written(Benchmark.transform(spark, options, System.err), "transform");
      }
      if (sparse) {
        return written(Benchmark.sparse(spark, options, System.err), "sparse");
      }
      Table table = new Benchmark(options, System.err).run(spark);
      Benchmark.write(table, out);
      spec.commandLine().getOut().print(table.markdown());
      spec.commandLine().getOut().println("written: " + out.resolve("bench.md") + ", "
          + out.resolve("bench.csv"));
      spec.commandLine().getOut().flush();
    }
    return Main.OK;
  }

  /** Writes {@code table} as NAME.md and NAME.csv in the output directory, and prints it. */
  private int written(Table table, String name) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve(name + ".md"), table.markdown());
    Files.writeString(out.resolve(name + ".csv"), table.csv());
    spec.commandLine().getOut().print(table.markdown());
    spec.commandLine().getOut().println("written: " + out.resolve(name + ".md") + ", "
        + out.resolve(name + ".csv"));
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
