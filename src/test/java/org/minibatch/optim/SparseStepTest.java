package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.minibatch.util.VectorMath;

/**
 * Updates of the touched parameters only: for rules where a zero gradient changes nothing they
 * give the dense update's bits; lazy Adam gives Adam's where every parameter is present, and
 * follows its equations, here written out by hand, where some are not.
 */
class SparseStepTest {
  static final double[] THETA0 = {0.5, -1.0, 2.0};
  // Step 3 has no gradient at coordinate 1 (absent from the sparse batch).
  static final double[][] G = {{0.2, -0.4, 1.0}, {-0.1, 0.3, 0.5}, {0.05, 0.0, -2.0}};
  static final int[][] PRESENT = {{0, 1, 2}, {0, 1, 2}, {0, 2}};
  static final double[] ETA = {0.1, 0.05, 0.02};

  static SparseGradient sparse(double[] dense, int[] present) {
    double[] values = new double[present.length];
    for (int k = 0; k < present.length; k++) {
      values[k] = dense[present[k]];
    }
    return new SparseGradient(dense.length, present, values);
  }

  @Test
  void ruleThatIgnoreZerosGiveTheDenseBits() {
    Random random = new Random(5);
    for (String spec : new String[] {"sgd(lr=0.1)", "adagrad(lr=0.1)",
        "sgd(lr=0.1,clip_norm=0.5)", "adagrad(lr=0.1,clip_norm=0.3)", "lazy_adam(lr=0.01)"}) {
      // lazy Adam is Adam where every parameter is present: compare it there, with Adam
      boolean lazyAdam = spec.startsWith("lazy_adam");
      Optimizer dense = Optimizers.parse(lazyAdam ? "adam(lr=0.01)" : spec);
      Optimizer sparse = Optimizers.parse(spec);
      assertTrue(sparse.stepsSparse(), spec);
      double[] a = new double[40];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextGaussian();
      }
      double[] b = a.clone();
      for (int step = 1; step <= 4; step++) {
        int[] present = lazyAdam ? java.util.stream.IntStream.range(0, 40).toArray()
            : random.ints(12, 0, 40).distinct().sorted().toArray();
        double[] g = new double[40];
        for (int i : present) {
          g[i] = random.nextGaussian();
        }
        SparseGradient s = sparse(g, present);
        assertEquals(VectorMath.norm(g), s.norm(), 0, "the norm's bits");
        dense.step(a, g, 0.1 / step);
        sparse.step(b, s, 0.1 / step);
        assertArrayEquals(a, b, 0, spec + ", step " + step);
      }
    }
  }

  /**
   * A step of 100,000 present parameters, split among threads in blocks (the record of the
   * values before it filled on the way): the dense update's bits for sgd and adagrad, lazy
   * Adam's first step by its equations.
   */
  @Test
  void largeStepsSplitAmongThreadsGiveTheSameBitsAndRecordTheValuesBefore() {
    Random random = new Random(11);
    int size = 300_000;
    int[] present = random.ints(100_000, 0, size).distinct().sorted().toArray();
    double[] theta0 = random.doubles(size, -1, 1).toArray();
    double[] g = new double[size];
    for (int i : present) {
      g[i] = random.nextGaussian();
    }
    for (String spec : new String[] {"sgd(lr=0.1)", "adagrad(lr=0.1)"}) {
      double[] dense = theta0.clone();
      double[] sparse = theta0.clone();
      Optimizer a = Optimizers.parse(spec);
      Optimizer b = Optimizers.parse(spec);
      for (int step = 1; step <= 2; step++) {
        double[] before = new double[present.length + 3];
        double[] expectedBefore = new double[present.length];
        for (int k = 0; k < present.length; k++) {
          expectedBefore[k] = sparse[present[k]];
        }
        a.step(dense, g.clone(), 0.1);
        b.step(sparse, sparse(g, present), 0.1, before);
        assertArrayEquals(dense, sparse, 0, spec + ", step " + step);
        assertArrayEquals(expectedBefore, java.util.Arrays.copyOf(before, present.length), 0,
            spec + ", step " + step + ": the record");
      }
    }
    double[] theta = theta0.clone();
    Optimizers.parse("lazy_adam(lr=0.01)").step(theta, sparse(g, present), 0.01);
    double[] expected = theta0.clone();
    for (int i : present) {
      double m = 0.1 * g[i];
      double v = 0.001 * g[i] * g[i];
      expected[i] -= 0.01 * (m / (1 - 0.9)) / (Math.sqrt(v / (1 - 0.999)) + 1e-8);
    }
    assertArrayEquals(expected, theta, 1e-15, "lazy_adam's first step");
  }

  @Test
  void lazyAdamMovesOnlyThePresentParametersAndTheirMoments() {
    double b1 = 0.9;
    double b2 = 0.99;
    double eps = 1e-8;
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double theta = THETA0[i];
      double m = 0;
      double v = 0;
      for (int k = 0; k < 3; k++) {
        int t = k + 1;
        if (i != 1 || k != 2) {
          m = b1 * m + (1 - b1) * G[k][i];
          v = b2 * v + (1 - b2) * G[k][i] * G[k][i];
          theta -= ETA[k] * (m / (1 - Math.pow(b1, t)))
              / (Math.sqrt(v / (1 - Math.pow(b2, t))) + eps);
        }
        expected[k][i] = theta;
      }
    }
    Optimizer lazy = Optimizers.parse("lazy_adam(lr=0.01,beta2=0.99)");
    double[] theta = THETA0.clone();
    for (int k = 0; k < 3; k++) {
      lazy.step(theta, sparse(G[k], PRESENT[k]), ETA[k]);
      assertArrayEquals(expected[k], theta, 1e-12, "after step " + (k + 1));
    }
    assertEquals(expected[1][1], theta[1], 0);
    // Adam itself moves the absent coordinate on: its momentum carries on.
    Optimizer adam = Optimizers.parse("adam(lr=0.01,beta2=0.99)");
    double[] adamTheta = THETA0.clone();
    for (int k = 0; k < 3; k++) {
      adam.step(adamTheta, G[k].clone(), ETA[k]);
    }
    assertTrue(adamTheta[1] != expected[1][1]);
  }

  @Test
  void lazyAdamOnDenseGradientsIsAdam() {
    Optimizer lazy = Optimizers.parse("lazy_adam(lr=0.01)");
    Optimizer adam = Optimizers.parse("adam(lr=0.01)");
    double[] a = THETA0.clone();
    double[] b = THETA0.clone();
    for (int k = 0; k < 3; k++) {
      lazy.step(a, G[k].clone(), ETA[k]);
      adam.step(b, G[k].clone(), ETA[k]);
    }
    assertArrayEquals(b, a, 0);
  }

  @Test
  void badShapesAreRefusedBeforeAnythingChanges() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SparseGradient(10, new int[] {1, 4, 4}, new double[3]));
    assertEquals("indices must be strictly ascending in [0, 10), got 4 at 2 after 4",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new SparseGradient(10, new int[] {10}, new double[1]));
    assertEquals("indices must be strictly ascending in [0, 10), got 10 at 0", e.getMessage());
    Optimizer sgd = Optimizers.parse("sgd(lr=0.1)");
    double[] theta = {1, 2, 3};
    SparseGradient g = new SparseGradient(3, new int[] {0, 2}, new double[] {1, 1});
    e = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(theta, g, 0.1, new double[1]));
    assertEquals("the undo record holds 1 values for 2 updated parameters", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(new double[4], g, 0.1));
    assertEquals("the gradient is of 3 parameters, not 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> sgd.step(theta, new double[2], 0.1));
    assertEquals("the gradient holds 2 values for 3 parameters", e.getMessage());
    assertArrayEquals(new double[] {1, 2, 3}, theta, 0, "nothing written");
    assertEquals(0, sgd.steps(), "no step counted");
  }

  @Test
  void rulesWithMemoryOrDecayDoNotStepSparse() {
    for (String spec : new String[] {"adam", "momentum", "rmsprop", "sgd(weight_decay=0.01)",
        "adagrad(weight_decay=0.1)", "lazy_adam(weight_decay=0.1)"}) {
      Optimizer opt = Optimizers.parse(spec);
      assertFalse(opt.stepsSparse(), spec);
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
          () -> opt.step(new double[3], sparse(new double[3], new int[] {0}), 0.1));
      assertEquals(opt + " has no sparse update", e.getMessage());
    }
  }
}
