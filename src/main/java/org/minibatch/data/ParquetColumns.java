package org.minibatch.data;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet input: the features are a vector column, or numeric columns gathered into a vector;
 * the label is a numeric or vector column. A null in any used column is an error naming the row
 * and the column.
 */
final class ParquetColumns {
  /** A NaN label column for rows read without one (prediction input). */
  private static final String NO_LABEL = "__no_label";

  private ParquetColumns() {}

  /** {@link ParquetColumns} as a {@link FormatReader}. */
  static final class Reader implements FormatReader {
    @Override
    public Dataset<Row> read(SparkSession spark, DataSource source, boolean skipInvalid) {
      return ParquetColumns.read(spark, source, skipInvalid);
    }

    @Override
    public org.apache.spark.api.java.JavaRDD<String> problems(SparkSession spark,
        DataSource source) {
      return ParquetColumns.problems(spark, source);
    }
  }

  static Dataset<Row> read(SparkSession spark, DataSource source, boolean skipInvalid) {
    Selected s = select(spark, source);
    Dataset<Row> rows = skipInvalid ? s.frame().na().drop() : s.frame();
    String[] names = s.featureColumns();
    boolean vector = s.vector();
    boolean weighted = source.weighted();
    var labeled = rows.toJavaRDD().zipWithIndex()
        .map(t -> ParquetRows.toRow(t._1(), t._2(), names, vector, weighted));
    return s.vectorLabel() ? DataReader.toVectorLabelFrame(spark, labeled, weighted)
        : DataReader.toFrame(spark, labeled, weighted);
  }

  /** Problems of the rows that have a null in a used column. */
  static org.apache.spark.api.java.JavaRDD<String> problems(SparkSession spark,
      DataSource source) {
    Selected s = select(spark, source);
    String[] names = s.featureColumns();
    boolean vector = s.vector();
    boolean weighted = source.weighted();
    return s.frame().toJavaRDD().zipWithIndex().flatMap(t -> {
      try {
        ParquetRows.toRow(t._1(), t._2(), names, vector, weighted);
        return java.util.Collections.emptyIterator();
      } catch (InvalidDataException e) {
        return java.util.List.of(e.getMessage()).iterator();
      }
    });
  }

  /** The used columns, features first and the label last. */
  private record Selected(Dataset<Row> frame, String[] featureColumns, boolean vector,
      boolean vectorLabel) {}

  private static Selected select(SparkSession spark, DataSource source) {
    DataReader.checkExists(spark, source.path());
    Dataset<Row> frame = spark.read().parquet(source.path());
    StructType schema = frame.schema();
    String label = source.labelColumn();
    if (label.isEmpty()) {
      frame = frame.withColumn(NO_LABEL, org.apache.spark.sql.functions.lit(Double.NaN));
      schema = frame.schema();
      label = NO_LABEL;
    } else if (!Arrays.asList(schema.fieldNames()).contains(label)) {
      throw new IllegalArgumentException("data.label_column '" + label + "' is not a column of "
          + source.path() + "; it has: " + String.join(", ", schema.fieldNames()));
    }
    String weight = source.weightColumn();
    if (!weight.isEmpty() && !Arrays.asList(schema.fieldNames()).contains(weight)) {
      throw new IllegalArgumentException("data.weight_column '" + weight + "' is not a column of "
          + source.path() + "; it has: " + String.join(", ", schema.fieldNames()));
    }
    List<String> featureColumns = featureColumns(source, schema, label);
    boolean vector = featureColumns.size() == 1
        && schema.apply(featureColumns.get(0)).dataType() instanceof VectorUDT;
    for (String c : featureColumns) {
      StructField field = schema.apply(c);
      if (!vector && !(field.dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("column '" + c + "' of " + source.path() + " is "
            + field.dataType().simpleString() + ", not numeric or a vector");
      }
    }
    List<Column> selected = new ArrayList<>();
    featureColumns.forEach(c -> selected.add(col(c)));
    selected.add(col(label));
    if (!weight.isEmpty()) {
      selected.add(col(weight));
    }
    return new Selected(frame.select(selected.toArray(new Column[0])),
        featureColumns.toArray(new String[0]), vector,
        schema.apply(label).dataType() instanceof VectorUDT);
  }

  private static List<String> featureColumns(DataSource source, StructType schema,
      String label) {
    if (!source.featuresColumn().isBlank()) {
      List<String> named = Arrays.stream(source.featuresColumn().split(",")).map(String::strip)
          .toList();
      for (String c : named) {
        if (!Arrays.asList(schema.fieldNames()).contains(c)) {
          throw new IllegalArgumentException("data.features_column '" + c + "' is not a column"
              + " of " + source.path() + "; it has: " + String.join(", ", schema.fieldNames()));
        }
      }
      return named;
    }
    if (Arrays.asList(schema.fieldNames()).contains(DataReader.FEATURES)) {
      return List.of(DataReader.FEATURES);
    }
    return Arrays.stream(schema.fieldNames())
        .filter(c -> !c.equals(label) && !c.equals(source.weightColumn())).toList();
  }
}
