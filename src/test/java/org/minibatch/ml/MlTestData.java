package org.minibatch.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.minibatch.spark.LocalSpark;

/** Small generated DataFrames for the Spark ML tests; row i is a pure function of (seed, i). */
final class MlTestData {
  private MlTestData() {}

  static SparkSession spark() {
    return LocalSpark.session();
  }

  /** Three Gaussian blobs in {@code dims} dimensions, labels 0, 1, 2 as doubles. */
  static Dataset<Row> blobs(int rows, int dims, long seed) {
    return blobs(rows, dims, seed, 0, 1);
  }

  /** As {@link #blobs(int, int, long)}, every feature then scaled and shifted. */
  static Dataset<Row> blobs(int rows, int dims, long seed, double offset, double scale) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      double[] x = new double[dims];
      for (int j = 0; j < dims; j++) {
        x[j] = offset + scale * (random.nextGaussian() * 0.8 + (j % 3 == label ? 1.5 : 0));
      }
      out.add(RowFactory.create(Vectors.dense(x), (double) label));
    }
    StructType schema = new StructType().add("features", new VectorUDT())
        .add("label", DataTypes.DoubleType);
    return spark().createDataFrame(out, schema);
  }

  /** A frame with the given labels and two-dimensional features. */
  static Dataset<Row> withLabels(double... labels) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      out.add(RowFactory.create(Vectors.dense(i, -i), labels[i]));
    }
    StructType schema = new StructType().add("features", new VectorUDT())
        .add("label", DataTypes.DoubleType);
    return spark().createDataFrame(out, schema);
  }
}
