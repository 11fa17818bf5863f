package org.minibatch.app;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.minibatch.data.DataReader;
import org.minibatch.data.DataSource;

/**
 * {@code minibatch predict}: a saved model's predictions for new rows, written as CSV (one
 * column per class probability, {@code p0..pK}) or Parquet (vectors kept), with the label when
 * the data has one (CSV and Parquet rows without labels: an empty label column option).
 */
public final class PredictJob {
  private PredictJob() {}

  /** Writes the predictions to {@code out}; returns the number of rows. */
  public static long run(SparkSession spark, String modelDir, DataSource data, String out,
      String format, boolean overwrite) {
    ModelFiles model = ModelFiles.load(modelDir);
    Dataset<Row> predicted = model.transform(DataReader.read(spark, data), data.path());
    List<Column> columns = new ArrayList<>();
    columns.add(col("prediction"));
    boolean csv = format.equals("csv");
    if (model.classifier()) {
      if (csv) {
        Column p = functions.vector_to_array(col("probability"), "float64");
        for (int c = 0; c < model.outputs(); c++) {
          columns.add(p.getItem(c).alias("p" + c));
        }
      } else {
        columns.add(col("probability"));
      }
    } else if (csv && !Arrays.asList(predicted.schema().fieldNames()).contains("prediction")) {
      throw new IllegalStateException("the model produced no prediction column");
    }
    if (!data.labelColumn().isEmpty() || data.format() == org.minibatch.data.DataFormat.IDX
        || data.format() == org.minibatch.data.DataFormat.LIBSVM) {
      columns.add(col(DataReader.LABEL));
    }
    Dataset<Row> result = predicted.select(columns.toArray(new Column[0]));
    if (csv && !model.classifier() && model.outputs() > 1) {
      result = result.withColumn("prediction", functions.vector_to_array(col("prediction"),
          "float64").cast("string"));
    }
    var writer = result.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
    if (csv) {
      writer.option("header", "true").csv(out);
    } else {
      writer.parquet(out);
    }
    return spark.read().format(csv ? "csv" : "parquet").option("header", "true").load(out)
        .count();
  }
}
