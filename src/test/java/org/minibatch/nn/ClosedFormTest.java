package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The lectures' closed forms, checked against the code. */
class ClosedFormTest {

  @Test
  void sigmoidDerivativeIsSigmoidTimesOneMinusSigmoid() {
    for (double x = -6; x <= 6; x += 0.25) {
      double s = Activation.sigmoid(x);
      double h = 1e-5;
      double numeric = (Activation.sigmoid(x + h) - Activation.sigmoid(x - h)) / (2 * h);
      assertEquals(s * (1 - s), Activation.SIGMOID.derivativeFromOutput(s), 0);
      assertEquals(numeric, s * (1 - s), 1e-10, "x = " + x);
    }
  }

  @Test
  void softmaxCrossEntropyGradientIsPMinusYOverN() {
    double[] z = {0.3, -1.2, 2.0, 0.5, 0.5, -0.1};
    double[] y = {2, 0};
    int n = 2;
    int k = 3;
    double[] delta = new double[n * k];
    Loss.CROSS_ENTROPY.lossAndDelta(OutputLayer.SOFTMAX, z, y, n, k, delta);
    double[] p = z.clone();
    for (int r = 0; r < n; r++) {
      OutputLayer.SOFTMAX.applyInPlace(p, r * k, k);
    }
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < k; j++) {
        double expected = (p[r * k + j] - (j == (int) y[r] ? 1 : 0)) / n;
        assertEquals(expected, delta[r * k + j] / n, 1e-15);
      }
    }
  }

  @Test
  void meanSquaredErrorGradientThroughIdentityIsTwoErrorOverN() {
    double[] z = {1.5, -0.25, 3.0};
    double[] y = {1.0, 0.5, 2.0};
    int n = 3;
    double[] delta = new double[n];
    double sum = Loss.MSE.lossAndDelta(OutputLayer.IDENTITY, z, y, n, 1, delta);
    assertEquals((0.25 + 0.5625 + 1.0) / n, sum / n, 1e-15);
    for (int r = 0; r < n; r++) {
      assertEquals(2 * (z[r] - y[r]) / n, delta[r] / n, 1e-15);
    }
  }

  @Test
  void softmaxCrossEntropyIsFiniteForHugeLogits() {
    double[] z = {1e4, -1e4, 0, -1e4, 1e4, 1e4};
    double[] y = {1, 0};
    double[] delta = new double[6];
    double sum = Loss.CROSS_ENTROPY.lossAndDelta(OutputLayer.SOFTMAX, z, y, 2, 3, delta);
    assertTrue(Double.isFinite(sum), "loss " + sum);
    // row 0: logsumexp = 1e4, minus z_1 = -1e4; row 1: logsumexp = 1e4 + log 2, minus z_0 = -1e4
    assertEquals(4e4 + Math.log(2), sum, 1e-9);
    for (double d : delta) {
      assertTrue(Double.isFinite(d));
    }
    assertEquals(1, delta[0], 1e-12);
    assertEquals(-1, delta[1], 1e-12);
    assertEquals(Loss.CROSS_ENTROPY.loss(OutputLayer.SOFTMAX, z, y, 2, 3), sum, 0);
  }

  @Test
  void binaryCrossEntropyIsFiniteForHugeLogits() {
    double[] z = {1e4, -1e4};
    double[] y = {0, 1};
    double[] delta = new double[2];
    double sum = Loss.BINARY_CROSS_ENTROPY.lossAndDelta(OutputLayer.SIGMOID, z, y, 2, 1, delta);
    assertEquals(2e4, sum, 1e-9);
    assertEquals(1, delta[0], 1e-12);
    assertEquals(-1, delta[1], 1e-12);
  }
}
