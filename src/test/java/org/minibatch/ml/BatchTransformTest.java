package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.minibatch.nn.Backprop;
import org.minibatch.nn.NetworkSpec;

/** transform runs chunks through gemm and must agree with the network row by row. */
class BatchTransformTest {
  static final int ROWS = 10_000;

  static double[] randomWeights(NetworkSpec spec, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] w = new double[spec.numParameters()];
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextGaussian() * 0.3;
    }
    return w;
  }

  /** Rows with an id, every 7th features vector sparse, to cover both layouts. */
  static Dataset<Row> frame(int rows, int dims, int partitions) {
    SplittableRandom random = new SplittableRandom(11);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double[] x = new double[dims];
      for (int j = 0; j < dims; j++) {
        x[j] = i % 7 == 0 && j % 2 == 0 ? 0 : random.nextGaussian();
      }
      Vector v = i % 7 == 0 ? Vectors.dense(x).toSparse() : Vectors.dense(x);
      out.add(RowFactory.create((long) i, v));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType)
        .add("features", new VectorUDT());
    return MlTestData.spark().createDataFrame(out, schema).repartition(partitions);
  }

  @Test
  void classifierTransformOfTenThousandRowsMatchesBackpropRowByRow() {
    NetworkSpec spec = NetworkSpec.parse("20-64-32-5 relu softmax");
    double[] weights = randomWeights(spec, 1);
    NeuralNetClassificationModel model = new NeuralNetClassificationModel("m", spec, weights);
    Dataset<Row> data = frame(ROWS, 20, 2).cache();
    data.count();

    List<Row> rows = model.transform(data).orderBy("id")
        .select("features", "rawPrediction", "probability", "prediction").collectAsList();
    assertEquals(ROWS, rows.size());
    Backprop single = new Backprop(spec);
    double[] p = new double[5];
    for (Row row : rows) {
      double[] x = ((Vector) row.get(0)).toArray();
      single.predict(weights, x, 1, p);
      assertArrayEquals(p, ((Vector) row.get(2)).toArray(), 1e-12);
      double[] logits = single.forwardLogits(weights, x, 1);
      assertArrayEquals(java.util.Arrays.copyOf(logits, 5), ((Vector) row.get(1)).toArray(),
          1e-12);
      assertEquals(Vectors.dense(p).argmax(), row.getDouble(3), 0);
    }
    // Spark's own per-row path (predictRaw, raw2probability) gives the same columns
    List<Row> generic = model.transformRowByRow(data).orderBy("id")
        .select("features", "rawPrediction", "probability", "prediction").collectAsList();
    for (int i = 0; i < ROWS; i++) {
      assertArrayEquals(((Vector) generic.get(i).get(2)).toArray(),
          ((Vector) rows.get(i).get(2)).toArray(), 1e-12);
      assertEquals(generic.get(i).getDouble(3), rows.get(i).getDouble(3), 0);
    }
    data.unpersist();
  }

  @Test
  void regressionTransformMatchesBackpropForVectorAndScalarTargets() {
    NetworkSpec spec = NetworkSpec.parse("6-16-3 tanh identity");
    double[] weights = randomWeights(spec, 2);
    Dataset<Row> data = frame(2500, 6, 3);
    NeuralNetRegressionModel vectors = new NeuralNetRegressionModel("r", spec, weights, true);
    Backprop single = new Backprop(spec);
    double[] y = new double[3];
    for (Row row : vectors.transform(data).select("features", "prediction").collectAsList()) {
      single.predict(weights, ((Vector) row.get(0)).toArray(), 1, y);
      assertArrayEquals(y, ((Vector) row.get(1)).toArray(), 1e-12);
    }
    NetworkSpec one = NetworkSpec.parse("6-16-1 tanh identity");
    double[] w1 = randomWeights(one, 3);
    NeuralNetRegressionModel scalar = new NeuralNetRegressionModel("s", one, w1, false);
    Dataset<Row> predicted = scalar.transform(data);
    assertEquals(DataTypes.DoubleType, predicted.schema().apply("prediction").dataType());
    for (Row row : predicted.select("features", "prediction").collectAsList()) {
      assertEquals(scalar.predict((Vector) row.get(0)), row.getDouble(1), 1e-12);
    }
  }
}
