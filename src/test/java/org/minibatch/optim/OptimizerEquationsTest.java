package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * Three steps of every optimizer from fixed parameters and fixed gradients, against the update
 * equations written out here coordinate by coordinate (never by calling the class under test).
 * The rate changes from step to step, so rules that keep eta inside their state (momentum) are
 * told apart from rules that apply it afterwards.
 */
class OptimizerEquationsTest {
  static final double TOL = 1e-12;
  static final double[] THETA0 = {0.5, -1.0, 2.0};
  // Coordinate 1 ends with a zero gradient (sign 0, and AMSGrad's v then shrinks below v_max).
  static final double[][] G = {{0.2, -0.4, 1.0}, {-0.1, 0.3, 0.5}, {0.05, 0.0, -2.0}};
  static final double[] ETA = {0.1, 0.05, 0.02};

  /** Runs three steps of a fresh parse of {@code spec}; returns theta after each step. */
  static double[][] run(String spec) {
    Optimizer opt = Optimizers.parse(spec);
    double[] theta = THETA0.clone();
    double[][] out = new double[3][];
    for (int k = 0; k < 3; k++) {
      assertSame(theta, opt.evaluationPoint(theta, new double[3]), spec + " looks ahead");
      opt.step(theta, G[k].clone(), ETA[k]);
      out[k] = theta.clone();
    }
    assertEquals(3, opt.steps());
    return out;
  }

  static void assertSteps(double[][] expected, double[][] actual) {
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(expected[k], actual[k], TOL, "after step " + (k + 1));
    }
  }

  @Test
  void sgd() {
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      for (int k = 0; k < 3; k++) {
        theta = theta - ETA[k] * G[k][i];
        expected[k][i] = theta;
      }
    }
    assertEquals(0.5 - 0.1 * 0.2 + 0.05 * 0.1 - 0.02 * 0.05, expected[2][0], 1e-15);
    assertSteps(expected, run("sgd(lr=0.3)"));
  }

  @Test
  void signSgd() {
    // By hand: coordinate 0 moves -0.1, +0.05, -0.02; coordinate 1 +0.1, -0.05, 0.
    double[][] expected = {
        {0.5 - 0.1, -1.0 + 0.1, 2.0 - 0.1},
        {0.5 - 0.1 + 0.05, -1.0 + 0.1 - 0.05, 2.0 - 0.1 - 0.05},
        {0.5 - 0.1 + 0.05 - 0.02, -1.0 + 0.1 - 0.05, 2.0 - 0.1 - 0.05 + 0.02}};
    assertSteps(expected, run("sign_sgd"));
  }

  @Test
  void momentum() {
    double gamma = 0.8;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double h = 0;
      for (int k = 0; k < 3; k++) {
        h = gamma * h + ETA[k] * G[k][i];
        theta = theta - h;
        expected[k][i] = theta;
      }
    }
    assertSteps(expected, run("momentum(gamma=0.8)"));
  }

  @Test
  void nesterovStepsAndLooksAhead() {
    double gamma = 0.7;
    Optimizer opt = Optimizers.parse("nesterov(lr=0.5,gamma=0.7)");
    double[] theta = THETA0.clone();
    double[] h = new double[3];
    double[] expectedTheta = THETA0.clone();
    double[] scratch = new double[3];
    for (int k = 0; k < 3; k++) {
      double[] lookAhead = new double[3];
      for (int i = 0; i < 3; i++) {
        lookAhead[i] = expectedTheta[i] - gamma * h[i];
      }
      double[] point = opt.evaluationPoint(theta, scratch);
      assertArrayEquals(lookAhead, point, TOL, "look-ahead before step " + (k + 1));
      if (k == 0) {
        assertSame(theta, point, "h = 0 before the first step: theta itself");
      }
      opt.step(theta, G[k].clone(), ETA[k]);
      for (int i = 0; i < 3; i++) {
        h[i] = gamma * h[i] + ETA[k] * G[k][i];
        expectedTheta[i] = expectedTheta[i] - h[i];
      }
      assertArrayEquals(expectedTheta, theta, TOL, "after step " + (k + 1));
    }
  }

  @Test
  void adagrad() {
    double eps = 1e-3;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        sum = sum + G[k][i] * G[k][i];
        theta = theta - ETA[k] * G[k][i] / (Math.sqrt(sum) + eps);
        expected[k][i] = theta;
      }
    }
    // Step 1 by hand: 0.5 - 0.1 * 0.2 / (0.2 + 0.001).
    assertEquals(0.5 - 0.02 / 0.201, expected[0][0], 1e-15);
    assertSteps(expected, run("adagrad(eps=1e-3)"));
  }

  @Test
  void rmsprop() {
    double beta = 0.9;
    double eps = 1e-4;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double mean = 0;
      for (int k = 0; k < 3; k++) {
        mean = beta * mean + (1 - beta) * G[k][i] * G[k][i];
        theta = theta - ETA[k] * G[k][i] / (Math.sqrt(mean) + eps);
        expected[k][i] = theta;
      }
    }
    assertSteps(expected, run("rmsprop(beta=0.9,eps=1e-4)"));
  }

  @Test
  void adadelta() {
    double rho = 0.8;
    double eps = 1e-3;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double eg2 = 0;
      double edx2 = 0;
      for (int k = 0; k < 3; k++) {
        eg2 = rho * eg2 + (1 - rho) * G[k][i] * G[k][i];
        double d = Math.sqrt(edx2 + eps) / Math.sqrt(eg2 + eps) * G[k][i];
        edx2 = rho * edx2 + (1 - rho) * d * d;
        theta = theta - ETA[k] * d;
        expected[k][i] = theta;
      }
    }
    assertSteps(expected, run("adadelta(rho=0.8,eps=1e-3)"));
  }

  /** Adam by the equations; decay is AdamW's decoupled lambda (0 for Adam). */
  static double[][] adam(double b1, double b2, double eps, double decay) {
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double m = 0;
      double v = 0;
      for (int k = 0; k < 3; k++) {
        int t = k + 1;
        theta = theta * (1 - ETA[k] * decay);
        m = b1 * m + (1 - b1) * G[k][i];
        v = b2 * v + (1 - b2) * G[k][i] * G[k][i];
        double mhat = m / (1 - Math.pow(b1, t));
        double vhat = v / (1 - Math.pow(b2, t));
        theta = theta - ETA[k] * mhat / (Math.sqrt(vhat) + eps);
        expected[k][i] = theta;
      }
    }
    return expected;
  }

  @Test
  void adam() {
    assertSteps(adam(0.8, 0.9, 1e-3, 0), run("adam(beta1=0.8,beta2=0.9,eps=1e-3)"));
    assertSteps(adam(0.9, 0.999, 1e-8, 0), run("adam"));
    // First step of Adam is eta * g / (|g| + eps) whatever the betas.
    assertEquals(0.5 - 0.1 * 0.2 / (0.2 + 1e-8), run("adam")[0][0], 1e-15);
  }

  @Test
  void adamwDecaysTheWeightsDirectly() {
    assertSteps(adam(0.9, 0.999, 1e-8, 0.01), run("adamw"));
    assertSteps(adam(0.8, 0.9, 1e-3, 0.5),
        run("adamw(beta1=0.8,beta2=0.9,eps=1e-3,weight_decay=0.5)"));
  }

  @Test
  void adamax() {
    double b1 = 0.8;
    double b2 = 0.9;
    double eps = 1e-3;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double m = 0;
      double u = 0;
      for (int k = 0; k < 3; k++) {
        int t = k + 1;
        m = b1 * m + (1 - b1) * G[k][i];
        u = Math.max(b2 * u, Math.abs(G[k][i]) + eps);
        theta = theta - ETA[k] / (1 - Math.pow(b1, t)) * m / u;
        expected[k][i] = theta;
      }
    }
    assertSteps(expected, run("adamax(beta1=0.8,beta2=0.9,eps=1e-3)"));
  }

  @Test
  void amsgradKeepsTheLargestSecondMoment() {
    double b1 = 0.8;
    double b2 = 0.9;
    double eps = 1e-3;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double m = 0;
      double v = 0;
      double vMax = 0;
      for (int k = 0; k < 3; k++) {
        int t = k + 1;
        m = b1 * m + (1 - b1) * G[k][i];
        v = b2 * v + (1 - b2) * G[k][i] * G[k][i];
        vMax = Math.max(vMax, v);
        double mhat = m / (1 - Math.pow(b1, t));
        theta = theta - ETA[k] * mhat / (Math.sqrt(vMax / (1 - Math.pow(b2, t))) + eps);
        expected[k][i] = theta;
      }
    }
    double[][] actual = run("amsgrad(beta1=0.8,beta2=0.9,eps=1e-3)");
    assertSteps(expected, actual);
    // Coordinate 1's v shrinks at step 3, so v_max makes AMSGrad differ from Adam there.
    double adamStep3 = adam(0.8, 0.9, 1e-3, 0)[2][1];
    assertEquals(false, Math.abs(adamStep3 - actual[2][1]) < 1e-6);
  }

  @Test
  void nadam() {
    double b1 = 0.8;
    double b2 = 0.9;
    double eps = 1e-3;
    double psi = 0.1;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double m = 0;
      double v = 0;
      double product = 1;
      for (int k = 0; k < 3; k++) {
        int t = k + 1;
        double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
        double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
        product = product * mu;
        m = b1 * m + (1 - b1) * G[k][i];
        v = b2 * v + (1 - b2) * G[k][i] * G[k][i];
        double mhat = muNext * m / (1 - product * muNext) + (1 - mu) * G[k][i] / (1 - product);
        double vhat = v / (1 - Math.pow(b2, t));
        theta = theta - ETA[k] * mhat / (Math.sqrt(vhat) + eps);
        expected[k][i] = theta;
      }
    }
    assertSteps(expected, run("nadam(beta1=0.8,beta2=0.9,eps=1e-3,momentum_decay=0.1)"));
  }
}
