package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.SparseGradient;

/** The weights before the latest update, after dense and sparse updates in any order. */
class LastGoodTest {
  @Test
  void keepsTheWeightsBeforeTheLatestUpdate() {
    LastGood last = new LastGood();
    double[] w = {1, 2, 3, 4, 5};
    assertArrayEquals(w, last.weights(w), 0, "no update yet: the weights themselves");

    sparseUpdate(last, w, new int[] {1, 3}, new double[] {20, 40});
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, last.weights(w), 0, "sparse update undone");

    last.beforeUpdate(w);
    double[] dense = {-1, -2, -3, -4, -5};
    System.arraycopy(dense, 0, w, 0, 5);
    assertArrayEquals(new double[] {1, 20, 3, 40, 5}, last.weights(w), 0, "dense update undone");

    sparseUpdate(last, w, new int[] {0, 1, 2, 3, 4}, new double[] {-1, -2, -3, -4, 50});
    assertArrayEquals(dense, last.weights(w), 0, "a larger sparse update after a dense one");
    sparseUpdate(last, w, new int[] {2}, new double[] {30});
    assertArrayEquals(new double[] {-1, -2, -3, -4, 50}, last.weights(w), 0,
        "only the latest sparse update is undone");
  }

  /** An update of w at {@code indices} to {@code values}, filling the record as a rule does. */
  private static void sparseUpdate(LastGood last, double[] w, int[] indices, double[] values) {
    double[] before = last.sparseRecord(indices);
    for (int k = 0; k < indices.length; k++) {
      before[k] = w[indices[k]];
      w[indices[k]] = values[k];
    }
  }

  @Test
  void aLargeDenseRecordIsCopiedWhole() {
    LastGood last = new LastGood();
    double[] w = new java.util.Random(2).doubles((1 << 19) + 5).toArray();
    double[] original = w.clone();
    last.beforeUpdate(w);
    java.util.Arrays.fill(w, -1);
    assertArrayEquals(original, last.weights(w), 0, "shared among threads when copied");
  }

  @Test
  void aSparseStepFillsTheRecordAsItUpdates() {
    LastGood last = new LastGood();
    double[] w = {1, 2, 3, 4, 5};
    int[] present = {0, 2, 3};
    Optimizers.parse("sgd(lr=0.5)").step(w,
        new SparseGradient(5, present, new double[] {2, -2, 4}), 0.5,
        last.sparseRecord(present));
    assertArrayEquals(new double[] {0, 2, 4, 2, 5}, w, 0, "theta - 0.5 g at 0, 2, 3");
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, last.weights(w), 0);
  }
}
