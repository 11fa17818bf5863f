package org.minibatch.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * What the text formats (CSV, LIBSVM) share: lines of every file under a Hadoop path with the
 * file and line number each came from, parsed in the executors by a {@link TextRowParser} whose
 * errors name that place. A format says which lines hold rows and how to parse them.
 */
abstract class TextLines implements FormatReader {
  /** The lines of {@code source} that hold rows. */
  abstract JavaRDD<Line> rowLines(SparkSession spark, DataSource source);

  /** The parser of those lines (may look at the data: a header, the largest index). */
  abstract TextRowParser parser(SparkSession spark, DataSource source);

  @Override
  public Dataset<Row> read(SparkSession spark, DataSource source, boolean skipInvalid) {
    return DataReader.toFrame(spark, parse(rowLines(spark, source), parser(spark, source),
        skipInvalid), source.weighted());
  }

  @Override
  public JavaRDD<String> problems(SparkSession spark, DataSource source) {
    return problems(rowLines(spark, source), parser(spark, source));
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

  static JavaRDD<String> problems(JavaRDD<Line> lines, TextRowParser parser) {
    return lines.flatMap(l -> {
      try {
        parser.parse(l.text(), l.where());
        return java.util.Collections.emptyIterator();
      } catch (InvalidDataException e) {
        return List.of(e.getMessage()).iterator();
      }
    });
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
    DataReader.checkExists(spark, path);
    JavaHadoopRDD<LongWritable, Text> raw = (JavaHadoopRDD<LongWritable, Text>) jsc.hadoopFile(
        path, TextInputFormat.class, LongWritable.class, Text.class, 1);
    return raw.mapPartitionsWithInputSplit(TextLines::splitLines, true);
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

  static String firstLine(SparkSession spark, String path) {
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

  private static InputStream open(FileSystem fs, Path p) throws IOException {
    InputStream in = fs.open(p);
    return p.getName().endsWith(".gz") ? new GZIPInputStream(in) : in;
  }

}
