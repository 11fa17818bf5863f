package org.minibatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.minibatch.data.FashionMnist;
import org.minibatch.data.LabeledRow;
import org.minibatch.nn.DataBlock;

/**
 * Fashion-MNIST for benchmarks, optionally repeated k times to measure how step time scales with
 * the data size. Rows are produced inside the tasks from the Debian package's files (each
 * executor JVM reads them once), so large repeats never pass through the driver.
 */
public final class BenchData {
  private static DataBlock train;
  private static DataBlock test;

  private BenchData() {}

  /** The 60,000 training rows, loaded once per JVM. */
  public static synchronized DataBlock train() {
    if (train == null) {
      try {
        train = FashionMnist.train();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return train;
  }

  /** The 10,000 test rows, loaded once per JVM. */
  public static synchronized DataBlock test() {
    if (test == null) {
      try {
        test = FashionMnist.test();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return test;
  }

  /** {@code copies} x the training rows, in {@code slices} input partitions. */
  public static JavaRDD<LabeledRow> trainRows(JavaSparkContext jsc, int copies, int slices) {
    return rows(jsc, copies, slices, true);
  }

  /** The test rows, in {@code slices} input partitions. */
  public static JavaRDD<LabeledRow> testRows(JavaSparkContext jsc, int slices) {
    return rows(jsc, 1, slices, false);
  }

  private static JavaRDD<LabeledRow> rows(JavaSparkContext jsc, int copies, int slices,
      boolean training) {
    List<Integer> ids = IntStream.range(0, slices).boxed().toList();
    return jsc.parallelize(ids, slices).flatMap(s -> slice(s, slices, copies, training));
  }

  private static Iterator<LabeledRow> slice(int slice, int slices, int copies,
      boolean training) {
    DataBlock block = training ? train() : test();
    long total = (long) block.rows() * copies;
    long from = total * slice / slices;
    long to = total * (slice + 1) / slices;
    List<LabeledRow> out = new ArrayList<>((int) (to - from));
    int f = block.featureCount();
    for (long i = from; i < to; i++) {
      int r = (int) (i % block.rows());
      double[] x = new double[f];
      for (int j = 0; j < f; j++) {
        x[j] = block.features()[r * f + j];
      }
      out.add(LabeledRow.classified(x, block.targets()[r]));
    }
    return out.iterator();
  }
}
