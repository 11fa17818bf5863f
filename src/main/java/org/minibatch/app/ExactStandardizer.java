package org.minibatch.app;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.minibatch.data.DataReader;
import org.minibatch.train.GradientSum;

/**
 * Spark's {@code StandardScaler} (mean 0, unit corrected sample standard deviation), fitted with
 * sums that do not depend on the order in which Spark merges partial results: each input slice
 * sums its rows in order, and the slices' sums are added exactly
 * ({@link GradientSum#mergeExact}). Spark's
 * own fit sums in task completion order, so its means could differ in the last bit from run to
 * run, and the trained weights with them. The result is a standard {@link StandardScalerModel},
 * saved and loaded like any other.
 */
final class ExactStandardizer {
  private ExactStandardizer() {}

  static StandardScalerModel fit(Dataset<Row> frame, int features, String outputCol) {
    GradientSum sums = frame.select(DataReader.FEATURES).toJavaRDD()
        .mapPartitionsWithIndex((p, rows) -> List.of(sliceSums(p, rows, features)).iterator(),
            true)
        .reduce(GradientSum::mergeExact);
    double[] total = new double[2 * features];
    sums.meanGradient(total);
    long n = sums.rows();
    double[] mean = new double[features];
    double[] std = new double[features];
    for (int j = 0; j < features; j++) {
      mean[j] = total[j];
      double meanOfSquares = total[features + j];
      double variance = n > 1 ? (meanOfSquares - mean[j] * mean[j]) * n / (n - 1) : 0;
      std[j] = Math.sqrt(Math.max(0, variance));
    }
    StandardScalerModel model = new StandardScalerModel(
        org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("stdScal"),
        Vectors.dense(std), Vectors.dense(mean));
    ParamMap params = new ParamMap().put(model.withMean().w(true)).put(model.withStd().w(true));
    return model.copy(params).setInputCol(DataReader.FEATURES).setOutputCol(outputCol);
  }

  /** One slice's feature sums and sums of squares, in row order. */
  private static GradientSum sliceSums(int slice, Iterator<Row> rows, int features) {
    double[] sums = new double[2 * features];
    long n = 0;
    while (rows.hasNext()) {
      Vector v = (Vector) rows.next().get(0);
      for (int j = 0; j < features; j++) {
        double x = v.apply(j);
        sums[j] += x;
        sums[features + j] += x * x;
      }
      n++;
    }
    return GradientSum.of(slice, sums, 0, n);
  }
}
