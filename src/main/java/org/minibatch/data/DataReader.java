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

  /** Reads {@code source}; rows keep the order of the input files; bad rows are errors. */
  public static Dataset<Row> read(SparkSession spark, DataSource source) {
    return read(spark, source, false);
  }

  /**
   * Reads {@code source}; with {@code skipInvalid}, rows that cannot be parsed (or have nulls)
   * are left out instead of failing, and {@link #countInvalid} says how many.
   */
  public static Dataset<Row> read(SparkSession spark, DataSource source, boolean skipInvalid) {
    return switch (source.format()) {
      case FASHION_MNIST, IDX -> readIdx(spark, source);
      case CSV -> toFrame(spark, parse(csvLines(spark, source), csvParser(spark, source),
          skipInvalid));
      case LIBSVM -> toFrame(spark, parse(libsvmLines(spark, source), libsvmParser(source,
          libsvmLines(spark, source)), skipInvalid));
      case PARQUET -> ParquetColumns.read(spark, source, skipInvalid);
    };
  }

  /** Rows {@link #read} with skipInvalid leaves out: how many, and the first one's problem. */
  public record Invalid(long count, String first) {}

  /** Counts the rows of {@code source} that cannot be read (one extra pass over the data). */
  public static Invalid countInvalid(SparkSession spark, DataSource source) {
    JavaRDD<String> problems = switch (source.format()) {
      case FASHION_MNIST, IDX -> null;
      case CSV -> problems(csvLines(spark, source), csvParser(spark, source));
      case LIBSVM -> problems(libsvmLines(spark, source), libsvmParser(source,
          libsvmLines(spark, source)));
      case PARQUET -> ParquetColumns.problems(spark, source);
    };
    if (problems == null) {
      return new Invalid(0, null);
    }
    long count = problems.count();
    return new Invalid(count, count == 0 ? null : problems.first());
  }

  private static JavaRDD<LabeledRow> parse(JavaRDD<Line> lines, TextRowParser parser,
      boolean skipInvalid) {
    if (!skipInvalid) {
      return lines.map(l -> parser.parse(l.text(), l.where()));
    }
    return lines.flatMap(l -> {
      try {
        return List.of(parser.parse(l.text(), l.where())).iterator();
      } catch (InvalidDataException e) {
        return java.util.Collections.emptyIterator();
      }
    });
  }

  private static JavaRDD<String> problems(JavaRDD<Line> lines, TextRowParser parser) {
    return lines.flatMap(l -> {
      try {
        parser.parse(l.text(), l.where());
        return java.util.Collections.emptyIterator();
      } catch (InvalidDataException e) {
        return List.of(e.getMessage()).iterator();
      }
    });
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

  private static TextRowParser csvParser(SparkSession spark, DataSource source) {
    checkExists(spark, source.path());
    String[] header = firstLine(spark, source.path()).split(java.util.regex.Pattern.quote(
        source.csvSeparator()), -1);
    return TextRowParser.csv(source.csvSeparator(), labelIndex(source, header), header.length);
  }

  private static JavaRDD<Line> csvLines(SparkSession spark, DataSource source) {
    boolean skipHeader = source.csvHeader();
    return lines(spark, source.path())
        .filter(l -> !(skipHeader && l.firstOfFile()) && !l.text().isBlank());
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

  private static JavaRDD<Line> libsvmLines(SparkSession spark, DataSource source) {
    return lines(spark, source.path()).filter(l -> !l.text().isBlank()
        && !l.text().startsWith("#"));
  }

  private static TextRowParser libsvmParser(DataSource source, JavaRDD<Line> lines) {
    int features = source.numFeatures() > 0 ? source.numFeatures()
        : lines.map(l -> TextRowParser.maxLibsvmIndex(l.text())).fold(0, Math::max);
    return TextRowParser.libsvm(features);
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
