package org.minibatch.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.io.Serializable;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * Reads training, test and prediction data into a DataFrame with a vector column
 * {@code features} and a {@code label} column, from any Hadoop path (local, HDFS, S3).
 * Text formats are parsed in the executors with errors naming the file and line; IDX files are
 * read by every task straight from the path, so big data never passes through the driver.
 */
public final class DataReader {
  public static final String FEATURES = "features";
  public static final String LABEL = "label";
  /**
   * Rows per input slice of an IDX file. Fixed, rather than the cluster's parallelism, so the
   * input is sliced the same on any cluster (feature statistics summed per slice then match).
   */
  static final int IDX_ROWS_PER_SLICE = 16_384;
  public static final StructType SCHEMA = new StructType()
      .add(FEATURES, new VectorUDT(), false)
      .add(LABEL, DataTypes.DoubleType, false);

  private DataReader() {}

  /** Reads {@code source}; rows keep the order of the input files. */
  public static Dataset<Row> read(SparkSession spark, DataSource source) {
    return switch (source.format()) {
      case FASHION_MNIST, IDX -> readIdx(spark, source);
      case CSV -> toFrame(spark, readCsv(spark, source));
      case LIBSVM -> toFrame(spark, readLibsvm(spark, source));
      case PARQUET -> ParquetColumns.read(spark, source);
    };
  }

  /** Rows as a (features, label) DataFrame, the label a double (the first target). */
  public static Dataset<Row> toFrame(SparkSession spark, JavaRDD<LabeledRow> rows) {
    return spark.createDataFrame(rows.map(r -> RowFactory.create(Vectors.dense(r.features()),
        r.targets()[0])), SCHEMA);
  }

  /** Rows as a (features, label) DataFrame with all targets in a vector label. */
  public static Dataset<Row> toVectorLabelFrame(SparkSession spark, JavaRDD<LabeledRow> rows) {
    StructType schema = new StructType().add(FEATURES, new VectorUDT(), false)
        .add(LABEL, new VectorUDT(), false);
    return spark.createDataFrame(rows.map(r -> RowFactory.create(Vectors.dense(r.features()),
        Vectors.dense(r.targets()))), schema);
  }

  private static JavaRDD<LabeledRow> readCsv(SparkSession spark, DataSource source) {
    checkExists(spark, source.path());
    String[] header = firstLine(spark, source.path()).split(java.util.regex.Pattern.quote(
        source.csvSeparator()), -1);
    int labelIndex = labelIndex(source, header);
    TextRowParser parser = TextRowParser.csv(source.csvSeparator(), labelIndex, header.length);
    boolean skipHeader = source.csvHeader();
    return lines(spark, source.path())
        .filter(l -> !(skipHeader && l.firstOfFile()) && !l.text().isBlank())
        .map(l -> parser.parse(l.text(), l.where()));
  }

  private static int labelIndex(DataSource source, String[] header) {
    String label = source.labelColumn();
    if (label.isEmpty()) {
      return -1;
    }
    if (label.matches("\\d+")) {
      int index = Integer.parseInt(label);
      if (index >= header.length) {
        throw new IllegalArgumentException("data.label_column " + index + " is out of range: "
            + source.path() + " has " + header.length + " columns (0-based)");
      }
      return index;
    }
    if (!source.csvHeader()) {
      throw new IllegalArgumentException("data.label_column '" + label + "' is a name, but "
          + source.path() + " has no header (data.csv_header=false): give a 0-based index");
    }
    int index = Arrays.asList(header).indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException("data.label_column '" + label + "' is not a column of "
          + source.path() + "; its header has: " + String.join(", ", header));
    }
    return index;
  }

  private static JavaRDD<LabeledRow> readLibsvm(SparkSession spark, DataSource source) {
    JavaRDD<Line> lines = lines(spark, source.path()).filter(l -> !l.text().isBlank()
        && !l.text().startsWith("#"));
    int features = source.numFeatures() > 0 ? source.numFeatures()
        : lines.map(l -> TextRowParser.maxLibsvmIndex(l.text())).fold(0, Math::max);
    TextRowParser parser = TextRowParser.libsvm(features);
    return lines.map(l -> parser.parse(l.text(), l.where()));
  }

  /** One line of a text file and where it is. */
  record Line(String text, String file, long number, boolean exact) implements Serializable {
    boolean firstOfFile() {
      return exact && number == 1;
    }

    String where() {
      return file + (exact ? ", line " + number : ", line at byte " + number);
    }
  }

  /**
   * Lines of every file under {@code path}, one split per file up to the file system's block
   * size, so line numbers are exact; in larger files, later splits give byte offsets instead.
   */
  @SuppressWarnings("unchecked")
  static JavaRDD<Line> lines(SparkSession spark, String path) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    checkExists(spark, path);
    JavaHadoopRDD<LongWritable, Text> raw = (JavaHadoopRDD<LongWritable, Text>) jsc.hadoopFile(
        path, TextInputFormat.class, LongWritable.class, Text.class, 1);
    return raw.mapPartitionsWithInputSplit(DataReader::splitLines, true);
  }

  private static Iterator<Line> splitLines(InputSplit split,
      Iterator<Tuple2<LongWritable, Text>> records) {
    FileSplit file = (FileSplit) split;
    String name = file.getPath().toString();
    boolean exact = file.getStart() == 0;
    return new Iterator<>() {
      private long lineNumber;

      @Override
      public boolean hasNext() {
        return records.hasNext();
      }

      @Override
      public Line next() {
        Tuple2<LongWritable, Text> record = records.next();
        lineNumber++;
        return new Line(record._2().toString(), name, exact ? lineNumber : record._1().get(),
            exact);
      }
    };
  }

  private static String firstLine(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus[] files = fs.globStatus(p);
      Path first = files[0].isDirectory()
          ? Arrays.stream(fs.listStatus(files[0].getPath())).map(FileStatus::getPath)
              .filter(f -> !f.getName().startsWith("_") && !f.getName().startsWith("."))
              .sorted().findFirst().orElseThrow(() -> new IllegalArgumentException(path
                  + " is an empty directory"))
          : files[0].getPath();
      try (InputStream in = open(fs, first);
          BufferedReader reader = new BufferedReader(new InputStreamReader(in,
              StandardCharsets.UTF_8))) {
        String line = reader.readLine();
        if (line == null) {
          throw new InvalidDataException(first + ": the file is empty");
        }
        return line;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Fails with a clear message when nothing exists at {@code path}. */
  static void checkExists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileStatus[] files = p.getFileSystem(spark.sparkContext().hadoopConfiguration())
          .globStatus(p);
      if (files == null || files.length == 0) {
        throw new IllegalArgumentException(path + ": no such file or directory");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(path + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static InputStream open(FileSystem fs, Path p) throws IOException {
    InputStream in = fs.open(p);
    return p.getName().endsWith(".gz") ? new GZIPInputStream(in) : in;
  }

  private static Dataset<Row> readIdx(SparkSession spark, DataSource source) {
    checkExists(spark, source.path());
    checkExists(spark, source.labelsPath());
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
    return toFrame(spark, rows);
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
