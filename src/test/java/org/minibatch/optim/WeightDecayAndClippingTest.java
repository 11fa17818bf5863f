package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.minibatch.optim.OptimizerEquationsTest.ETA;
import static org.minibatch.optim.OptimizerEquationsTest.G;
import static org.minibatch.optim.OptimizerEquationsTest.THETA0;
import static org.minibatch.optim.OptimizerEquationsTest.TOL;
import static org.minibatch.optim.OptimizerEquationsTest.run;

import org.junit.jupiter.api.Test;

/**
 * The shared options by hand: clipping scales g to the global norm c when ||g|| > c (steps 1
 * and 3 here; step 2's norm 0.59 stays under c = 0.6), then L2 decay adds lambda*theta to g,
 * except for AdamW (decoupled) and Nesterov (taken at the look-ahead point).
 */
class WeightDecayAndClippingTest {
  static final double C = 0.6;
  static final double LAMBDA = 0.1;

  /** g scaled to norm C if longer, computed by hand. */
  static double[] clipped(double[] g) {
    double norm = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    double scale = norm > C ? C / norm : 1;
    return new double[] {g[0] * scale, g[1] * scale, g[2] * scale};
  }

  @Test
  void clippingHappensOnlyAboveTheNorm() {
    assertArrayEquals(new double[] {-0.1, 0.3, 0.5}, clipped(G[1]), 0);
    double s = C / Math.sqrt(1.2);
    assertArrayEquals(new double[] {0.2 * s, -0.4 * s, 1.0 * s}, clipped(G[0]), 1e-15);
    OptimizerOptions options = new OptimizerOptions(0, C);
    double[] g = G[0].clone();
    options.clip(g);
    assertArrayEquals(clipped(G[0]), g, 1e-15);
    double[] untouched = G[0].clone();
    OptimizerOptions.NONE.clip(untouched);
    assertArrayEquals(G[0], untouched, 0);
  }

  @Test
  void sgdWithDecayAndClipping() {
    double[] theta = THETA0.clone();
    double[][] expected = new double[3][];
    for (int k = 0; k < 3; k++) {
      double[] g = clipped(G[k]);
      for (int i = 0; i < 3; i++) {
        theta[i] = theta[i] - ETA[k] * (g[i] + LAMBDA * theta[i]);
      }
      expected[k] = theta.clone();
    }
    assertAll(expected, run("sgd(weight_decay=0.1,clip_norm=0.6)"));
  }

  @Test
  void momentumWithDecay() {
    double[] theta = THETA0.clone();
    double[] h = new double[3];
    double[][] expected = new double[3][];
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < 3; i++) {
        h[i] = 0.9 * h[i] + ETA[k] * (G[k][i] + LAMBDA * theta[i]);
        theta[i] = theta[i] - h[i];
      }
      expected[k] = theta.clone();
    }
    assertAll(expected, run("momentum(weight_decay=0.1)"));
  }

  @Test
  void adamWithCoupledDecayAndClipping() {
    double[] theta = THETA0.clone();
    double[] m = new double[3];
    double[] v = new double[3];
    double[][] expected = new double[3][];
    for (int k = 0; k < 3; k++) {
      int t = k + 1;
      double[] g = clipped(G[k]);
      for (int i = 0; i < 3; i++) {
        double gi = g[i] + LAMBDA * theta[i];
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        double mhat = m[i] / (1 - Math.pow(0.9, t));
        double vhat = v[i] / (1 - Math.pow(0.999, t));
        theta[i] = theta[i] - ETA[k] * mhat / (Math.sqrt(vhat) + 1e-8);
      }
      expected[k] = theta.clone();
    }
    assertAll(expected, run("adam(weight_decay=0.1,clip_norm=0.6)"));
  }

  @Test
  void adamwDecaysWeightsAndClipsOnlyTheGradient() {
    double[] theta = THETA0.clone();
    double[] m = new double[3];
    double[] v = new double[3];
    double[][] expected = new double[3][];
    for (int k = 0; k < 3; k++) {
      int t = k + 1;
      double[] g = clipped(G[k]);
      for (int i = 0; i < 3; i++) {
        theta[i] = theta[i] - ETA[k] * LAMBDA * theta[i];
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        double mhat = m[i] / (1 - Math.pow(0.9, t));
        double vhat = v[i] / (1 - Math.pow(0.999, t));
        theta[i] = theta[i] - ETA[k] * mhat / (Math.sqrt(vhat) + 1e-8);
      }
      expected[k] = theta.clone();
    }
    assertAll(expected, run("adamw(weight_decay=0.1,clip_norm=0.6)"));
  }

  @Test
  void nesterovTakesTheDecayTermAtTheLookAhead() {
    double gamma = 0.9;
    double[] theta = THETA0.clone();
    double[] h = new double[3];
    double[][] expected = new double[3][];
    for (int k = 0; k < 3; k++) {
      double[] g = clipped(G[k]);
      for (int i = 0; i < 3; i++) {
        double lookAhead = theta[i] - gamma * h[i];
        h[i] = gamma * h[i] + ETA[k] * (g[i] + LAMBDA * lookAhead);
        theta[i] = theta[i] - h[i];
      }
      expected[k] = theta.clone();
    }
    Optimizer opt = Optimizers.parse("nesterov(weight_decay=0.1,clip_norm=0.6)");
    double[] params = THETA0.clone();
    for (int k = 0; k < 3; k++) {
      opt.evaluationPoint(params, new double[3]);
      opt.step(params, G[k].clone(), ETA[k]);
      assertArrayEquals(expected[k], params, TOL, "after step " + (k + 1));
    }
  }

  @Test
  void signSgdDecaysBeforeTakingTheSign() {
    // Coordinate 1 at step 3: g = 0, theta = -0.95, so sign(0 + 0.1 * -0.95) = -1.
    double[][] actual = run("sign_sgd(weight_decay=0.1)");
    assertEquals(-1.0 + 0.1 - 0.05 + 0.02, actual[2][1], TOL);
  }

  private static void assertAll(double[][] expected, double[][] actual) {
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(expected[k], actual[k], TOL, "after step " + (k + 1));
    }
  }
}
