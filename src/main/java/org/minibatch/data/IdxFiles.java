package org.minibatch.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * IDX image and label files (MNIST, Fashion-MNIST): tasks read them straight from the path
 * ({@link IdxRows}: once per JVM) and keep their slice of rows, so big data never passes through
 * the driver. Every row of an IDX file is valid once its header is, so there are no problems to
 * count; its rows can be read by position, so training caches them without a shuffle
 * ({@link #byIndex}).
 */
final class IdxFiles implements FormatReader {
  /**
   * Rows per input slice of an IDX file. Fixed, rather than the cluster's parallelism, so the
   * input is sliced the same on any cluster (feature statistics summed per slice then match).
   */
  static final int IDX_ROWS_PER_SLICE = 16_384;

  @Override
  public Dataset<Row> read(SparkSession spark, DataSource source, boolean skipInvalid) {
    IdxRows idx = IdxRows.of(spark, source);
    int slices = (int) Math.max(1, (idx.rows() + IDX_ROWS_PER_SLICE - 1) / IDX_ROWS_PER_SLICE);
    List<Integer> ids = IntStream.range(0, slices).boxed().toList();
    JavaRDD<LabeledRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(ids, slices).flatMap(s -> slice(idx, s, slices));
    return DataReader.toFrame(spark, rows);
  }

  @Override
  public JavaRDD<String> problems(SparkSession spark, DataSource source) {
    return null;
  }

  @Override
  public Optional<RowsByIndex> byIndex(SparkSession spark, DataSource source) {
    return Optional.of(IdxRows.of(spark, source));
  }

  private static Iterator<LabeledRow> slice(IdxRows idx, int slice, int slices)
      throws IOException {
    RowsByIndex.Access rows = idx.open();
    long from = idx.rows() * slice / slices;
    long to = idx.rows() * (slice + 1) / slices;
    List<LabeledRow> out = new ArrayList<>((int) (to - from));
    for (long r = from; r < to; r++) {
      double[] features = new double[idx.features()];
      double[] label = new double[1];
      rows.read(r, features, label);
      out.add(new LabeledRow(features, label));
    }
    return out.iterator();
  }
}
