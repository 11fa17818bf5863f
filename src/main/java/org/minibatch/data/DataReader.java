package org.minibatch.data;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads training, test and prediction data into a DataFrame with a vector column
 * {@code features} and a {@code label} column, from any Hadoop path (local, HDFS, S3).
 * Each {@link DataFormat} has its reader ({@link CsvReader}, {@link LibsvmReader},
 * {@link IdxFiles}, {@link ParquetColumns}); this class holds what they share.
 */
public final class DataReader {
  public static final String FEATURES = "features";
  public static final String LABEL = "label";
  /** The column of the rows' weights, in frames of weighted data. */
  public static final String WEIGHT = "weight";
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
    return source.format().reader().read(spark, source, skipInvalid);
  }

  /**
   * The rows of {@code source} readable by position, for formats of fixed-size records (IDX),
   * or empty: then {@link #read} is the way in.
   */
  public static Optional<RowsByIndex> byIndex(SparkSession spark, DataSource source) {
    return source.format().reader().byIndex(spark, source);
  }

  /** Rows {@link #read} with skipInvalid leaves out: how many, and the first one's problem. */
  public record Invalid(long count, String first) {}

  /** Counts the rows of {@code source} that cannot be read (one extra pass over the data). */
  public static Invalid countInvalid(SparkSession spark, DataSource source) {
    JavaRDD<String> problems = source.format().reader().problems(spark, source);
    if (problems == null) {
      return new Invalid(0, null);
    }
    long count = problems.count();
    return new Invalid(count, count == 0 ? null : problems.first());
  }

  /** Rows as a (features, label) DataFrame, the label a double (the first target). */
  public static Dataset<Row> toFrame(SparkSession spark, JavaRDD<LabeledRow> rows) {
    return toFrame(spark, rows, false);
  }

  /** As {@link #toFrame(SparkSession, JavaRDD)}, with a {@code weight} column if weighted. */
  public static Dataset<Row> toFrame(SparkSession spark, JavaRDD<LabeledRow> rows,
      boolean weighted) {
    if (!weighted) {
      return spark.createDataFrame(rows.map(r -> RowFactory.create(vector(r),
          r.targets()[0])), SCHEMA);
    }
    return spark.createDataFrame(rows.map(r -> RowFactory.create(vector(r),
        r.targets()[0], r.weight())), SCHEMA.add(WEIGHT, DataTypes.DoubleType, false));
  }

  /** Rows as a (features, label) DataFrame with all targets in a vector label. */
  public static Dataset<Row> toVectorLabelFrame(SparkSession spark, JavaRDD<LabeledRow> rows) {
    return toVectorLabelFrame(spark, rows, false);
  }

  /** As {@link #toVectorLabelFrame(SparkSession, JavaRDD)}, with a weight column if weighted. */
  public static Dataset<Row> toVectorLabelFrame(SparkSession spark, JavaRDD<LabeledRow> rows,
      boolean weighted) {
    StructType schema = new StructType().add(FEATURES, new VectorUDT(), false)
        .add(LABEL, new VectorUDT(), false);
    if (!weighted) {
      return spark.createDataFrame(rows.map(r -> RowFactory.create(vector(r),
          Vectors.dense(r.targets()))), schema);
    }
    return spark.createDataFrame(rows.map(r -> RowFactory.create(vector(r),
        Vectors.dense(r.targets()), r.weight())), schema.add(WEIGHT, DataTypes.DoubleType,
        false));
  }

  /** The row's features as a Spark vector: sparse rows stay sparse. */
  static Vector vector(LabeledRow row) {
    return row.isSparse() ? Vectors.sparse(row.size(), row.indices(), row.values())
        : Vectors.dense(row.features());
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
}
