package org.minibatch.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * IDX image and label files (MNIST, Fashion-MNIST): every task reads them straight from the
 * path and keeps its slice of rows, so big data never passes through the driver. Every row of
 * an IDX file is valid once its header is, so there are no problems to count.
 */
final class IdxFiles implements FormatReader {
  /**
   * Rows per input slice of an IDX file. Fixed, rather than the cluster's parallelism, so the
   * input is sliced the same on any cluster (feature statistics summed per slice then match).
   */
  static final int IDX_ROWS_PER_SLICE = 16_384;

  @Override
  public Dataset<Row> read(SparkSession spark, DataSource source, boolean skipInvalid) {
    return readIdx(spark, source);
  }

  @Override
  public JavaRDD<String> problems(SparkSession spark, DataSource source) {
    return null;
  }

  private static Dataset<Row> readIdx(SparkSession spark, DataSource source) {
    DataReader.checkExists(spark, source.path());
    DataReader.checkExists(spark, source.labelsPath());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> conf = jsc.broadcast(
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
    int slices = Math.max(1, (idxRows(spark, source.path()) + IDX_ROWS_PER_SLICE - 1)
        / IDX_ROWS_PER_SLICE);
    List<Integer> ids = IntStream.range(0, slices).boxed().toList();
    String images = source.path();
    String labels = source.labelsPath();
    JavaRDD<LabeledRow> rows = jsc.parallelize(ids, slices)
        .flatMap(s -> idxSlice(images, labels, conf.value().value(), s, slices));
    return DataReader.toFrame(spark, rows);
  }

  /** The image count in an IDX file's header. */
  private static int idxRows(SparkSession spark, String path) {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(p)) {
      return IdxReader.countImages(in, path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static Iterator<LabeledRow> idxSlice(String imagesPath, String labelsPath,
      Configuration conf, int slice, int slices) throws IOException {
    IdxReader.Images images;
    int[] labels;
    Path ip = new Path(imagesPath);
    Path lp = new Path(labelsPath);
    try (InputStream in = ip.getFileSystem(conf).open(ip)) {
      images = IdxReader.readImages(in, imagesPath);
    }
    try (InputStream in = lp.getFileSystem(conf).open(lp)) {
      labels = IdxReader.readLabels(in, labelsPath);
    }
    if (labels.length != images.rows()) {
      throw new InvalidDataException(labelsPath + " holds " + labels.length + " labels but "
          + imagesPath + " holds " + images.rows() + " images");
    }
    int from = (int) ((long) images.rows() * slice / slices);
    int to = (int) ((long) images.rows() * (slice + 1) / slices);
    int f = images.features();
    List<LabeledRow> out = new ArrayList<>(to - from);
    float[] pixels = images.pixels();
    for (int r = from; r < to; r++) {
      double[] x = new double[f];
      for (int j = 0; j < f; j++) {
        x[j] = pixels[r * f + j];
      }
      out.add(LabeledRow.classified(x, labels[r]));
    }
    return out.iterator();
  }
}
