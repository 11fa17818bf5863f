package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.minibatch.nn.NetworkSpec;

/**
 * One-row prediction on reused per-thread networks, and one weights broadcast per model.
 *
 * <p>{@code predict(vector)} multiplies one row by each layer and {@code transform} a chunk of
 * rows: OpenBLAS picks its kernel, and so the order of each dot product's sums, by CPU and by
 * the call's shape, so the two agree to rounding, not bit for bit (README, "What the bits depend
 * on"). A few units in the last place of logits of order 1 after two layers is far below
 * {@link #LOGIT_TOLERANCE}; a wrong weight or row would be off by more than 1e-3.
 */
class ModelRuntimeTest {
  static final double LOGIT_TOLERANCE = 1e-12;
  private static final NetworkSpec SPEC = NetworkSpec.parse("6-16-4 tanh softmax");

  @Test
  void concurrentSingleRowPredictionsMatchTransformsRows() throws Exception {
    NeuralNetClassificationModel model = NeuralNetClassificationModel.of(SPEC,
        BatchTransformTest.randomWeights(SPEC, 3));
    List<Row> rows = model.transform(MlTestData.blobs(120, 6, 2))
        .select("features", "rawPrediction", "prediction").collectAsList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> checks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        checks.add(pool.submit(() -> {
          for (int repeat = 0; repeat < 5; repeat++) {
            for (Row row : rows) {
              Vector raw = model.predictRaw((Vector) row.get(0));
              assertArrayEquals(((Vector) row.get(1)).toArray(), raw.toArray(),
                  LOGIT_TOLERANCE);
              assertEquals(row.getDouble(2), model.predict((Vector) row.get(0)), 0);
            }
          }
          return rows.size();
        }));
      }
      for (Future<Integer> check : checks) {
        assertEquals(120, check.get());
      }
    } finally {
      pool.shutdown();
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(Vectors.dense(1, 2, 3)));
    assertEquals("features hold 3 values, but the model was trained on 6", e.getMessage());
  }

  @Test
  void everyTransformOfAModelSharesOneBroadcast() {
    ModelRuntime runtime = new ModelRuntime(SPEC, BatchTransformTest.randomWeights(SPEC, 4));
    org.apache.spark.SparkContext sc = MlTestData.spark().sparkContext();
    assertSame(runtime.broadcast(sc), runtime.broadcast(sc));
  }
}
