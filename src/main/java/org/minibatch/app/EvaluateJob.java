package org.minibatch.app;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.evaluation.MulticlassMetrics;
import org.apache.spark.mllib.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minibatch.data.DataReader;
import org.minibatch.data.DataSource;
import org.minibatch.data.InvalidDataException;
import org.minibatch.report.ConfusionMatrixChart;
import scala.Tuple2;

/**
 * {@code minibatch evaluate}: a saved model on labelled data. Classifiers: accuracy, log loss,
 * per-class precision and recall, and the confusion matrix (also as a PNG); regressors: RMSE,
 * MAE and R2 over all targets.
 */
public final class EvaluateJob {
  private EvaluateJob() {}

  /** Metrics by name, in the order they are printed; writes evaluation.json and the PNG. */
  public static Map<String, Object> run(SparkSession spark, String modelDir, DataSource data,
      Path out) throws IOException {
    ModelFiles model = ModelFiles.load(modelDir);
    Dataset<Row> predicted = model.transform(DataReader.read(spark, data), data.path())
        .cache();
    try {
      Map<String, Object> metrics = model.classifier()
          ? classification(predicted, model.outputs(), out)
          : regression(predicted);
      Files.createDirectories(out);
      Files.writeString(out.resolve("evaluation.json"), new com.fasterxml.jackson.databind
          .ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
      return metrics;
    } finally {
      predicted.unpersist();
    }
  }

  private static Map<String, Object> classification(Dataset<Row> predicted, int classes,
      Path out) throws IOException {
    long bad = predicted.filter(col(DataReader.LABEL).geq(classes)
        .or(col(DataReader.LABEL).lt(0))).count();
    if (bad > 0) {
      double example = predicted.filter(col(DataReader.LABEL).geq(classes)
          .or(col(DataReader.LABEL).lt(0))).select(DataReader.LABEL).head().getDouble(0);
      throw new InvalidDataException(bad + " rows have labels outside the model's classes 0.."
          + (classes - 1) + ", e.g. " + example);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
        .setLabelCol(DataReader.LABEL);
    m.put("rows", predicted.count());
    m.put("accuracy", evaluator.setMetricName("accuracy").evaluate(predicted));
    m.put("log_loss", evaluator.setMetricName("logLoss").evaluate(predicted));
    MulticlassMetrics metrics = new MulticlassMetrics(predicted
        .select("prediction", DataReader.LABEL).toJavaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1))).rdd());
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (int c = 0; c < classes; c++) {
      perClass.put(Integer.toString(c), Map.of("precision", metrics.precision(c), "recall",
          metrics.recall(c)));
    }
    m.put("per_class", perClass);
    Matrix confusion = metrics.confusionMatrix();
    long[][] counts = new long[classes][classes];
    double[] labels = metrics.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int j = 0; j < labels.length; j++) {
        counts[(int) labels[i]][(int) labels[j]] = (long) confusion.apply(i, j);
      }
    }
    m.put("confusion_matrix", counts);
    Files.createDirectories(out);
    Files.write(out.resolve("confusion_matrix.png"), ConfusionMatrixChart.png(counts));
    return m;
  }

  private static Map<String, Object> regression(Dataset<Row> predicted) {
    double[] sums = predicted.select("prediction", DataReader.LABEL).toJavaRDD()
        .map(EvaluateJob::errorSums).reduce(EvaluateJob::add);
    double n = sums[0];
    double mse = sums[1] / n;
    double sst = sums[4] - sums[3] * sums[3] / n;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("values", (long) n);
    m.put("rmse", Math.sqrt(mse));
    m.put("mae", sums[2] / n);
    m.put("r2", 1 - sums[1] / sst);
    return m;
  }

  /** Count, sum of squared errors, of absolute errors, of targets, of squared targets. */
  private static double[] errorSums(Row r) {
    double[] p = r.get(0) instanceof Vector v ? v.toArray() : new double[] {r.getDouble(0)};
    double[] y = r.get(1) instanceof Vector v ? v.toArray() : new double[] {r.getDouble(1)};
    double[] s = new double[5];
    for (int j = 0; j < p.length; j++) {
      double e = p[j] - y[j];
      s[0]++;
      s[1] += e * e;
      s[2] += Math.abs(e);
      s[3] += y[j];
      s[4] += y[j] * y[j];
    }
    return s;
  }

  private static double[] add(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** The metrics as the lines {@code evaluate} prints. */
  public static List<String> lines(Map<String, Object> metrics) {
    List<String> out = new java.util.ArrayList<>();
    metrics.forEach((name, value) -> {
      if (value instanceof Double d) {
        out.add(String.format(Locale.ROOT, "%-10s %.4f", name, d));
      } else if (value instanceof long[][] matrix) {
        out.add("confusion matrix (rows: label, columns: prediction):");
        for (long[] row : matrix) {
          StringBuilder line = new StringBuilder("  ");
          for (long v : row) {
            line.append(String.format(Locale.ROOT, "%6d", v));
          }
          out.add(line.toString());
        }
      } else if (value instanceof Map<?, ?> perClass) {
        out.add("class  precision  recall");
        perClass.forEach((c, pr) -> {
          Map<?, ?> values = (Map<?, ?>) pr;
          out.add(String.format(Locale.ROOT, "%5s  %9.4f  %6.4f", c, values.get("precision"),
              values.get("recall")));
        });
      } else {
        out.add(String.format(Locale.ROOT, "%-10s %s", name, value));
      }
    });
    return out;
  }
}
