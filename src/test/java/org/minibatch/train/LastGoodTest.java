package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The weights before the latest update, after dense and sparse updates in any order. */
class LastGoodTest {
  @Test
  void keepsTheWeightsBeforeTheLatestUpdate() {
    LastGood last = new LastGood();
    double[] w = {1, 2, 3, 4, 5};
    assertArrayEquals(w, last.weights(w), 0, "no update yet: the weights themselves");

    last.beforeUpdate(w, new int[] {1, 3});
    w[1] = 20;
    w[3] = 40;
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, last.weights(w), 0, "sparse update undone");

    last.beforeUpdate(w);
    double[] dense = {-1, -2, -3, -4, -5};
    System.arraycopy(dense, 0, w, 0, 5);
    assertArrayEquals(new double[] {1, 20, 3, 40, 5}, last.weights(w), 0, "dense update undone");

    last.beforeUpdate(w, new int[] {0, 1, 2, 3, 4});
    w[4] = 50;
    assertArrayEquals(dense, last.weights(w), 0, "a larger sparse update after a dense one");
    last.beforeUpdate(w, new int[] {2});
    w[2] = 30;
    assertArrayEquals(new double[] {-1, -2, -3, -4, 50}, last.weights(w), 0,
        "only the latest sparse update is undone");
  }
}
