package org.minibatch.data;

import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** How one {@link DataFormat} is read into {@link DataReader#SCHEMA}'s frame. */
interface FormatReader {
  /** The rows of {@code source}; with {@code skipInvalid}, rows that cannot be read are left out. */
  Dataset<Row> read(SparkSession spark, DataSource source, boolean skipInvalid);

  /** A message per row that cannot be read, or null for a format whose rows are all valid. */
  JavaRDD<String> problems(SparkSession spark, DataSource source);

  /** The rows readable by position ({@link RowsByIndex}), or empty for a format without. */
  default Optional<RowsByIndex> byIndex(SparkSession spark, DataSource source) {
    return Optional.empty();
  }
}
