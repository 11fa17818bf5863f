package org.minibatch.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VectorMathTest {
  @Test
  void normOfSmallVectorsIsExact() {
    assertEquals(0.0, VectorMath.norm(new double[0]));
    assertEquals(5.0, VectorMath.norm(new double[] {3, 4}));
    assertEquals(13.0, VectorMath.norm(new double[] {3, 4, 12}));
    assertEquals(2.0, VectorMath.norm(new double[] {1, -1, 1, -1}));
    assertEquals(3.0, VectorMath.norm(new double[] {1, 2, 0, 0, 2}));
  }

  @Test
  void normAgreesWithOneRunningSumForEveryTailLength() {
    for (int n = 0; n < 40; n++) {
      double[] v = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        v[i] = Math.sin(i + 1) * (i % 3 == 0 ? 1e3 : 1e-3);
        sum += v[i] * v[i];
      }
      assertEquals(Math.sqrt(sum), VectorMath.norm(v), 1e-15 * Math.sqrt(sum), "n = " + n);
    }
  }

  @Test
  void aNonFiniteValueMakesTheNormNonFinite() {
    assertEquals(Double.NaN, VectorMath.norm(new double[] {1, Double.NaN, 2}));
    assertEquals(Double.POSITIVE_INFINITY,
        VectorMath.norm(new double[] {1, 2, 3, 4, Double.NEGATIVE_INFINITY}));
  }
}
