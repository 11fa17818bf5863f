package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackpropTest {

  @Test
  void batchedForwardEqualsRowByRowForward() {
    NetworkSpec spec = NetworkSpec.parse("10-16-8-4 tanh softmax");
    double[] params = Initializer.of(Initializer.Kind.XAVIER_UNIFORM).initialize(spec, 3);
    SplittableRandom random = new SplittableRandom(5);
    int rows = 37;
    double[] x = new double[rows * 10];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble(-2, 2);
    }
    double[] batched = new double[rows * 4];
    new Backprop(spec).predict(params, x, rows, batched);
    for (int r = 0; r < rows; r++) {
      double[] expected = naiveForward(spec, params, x, r);
      for (int j = 0; j < 4; j++) {
        assertEquals(expected[j], batched[r * 4 + j], 1e-12, "row " + r + " output " + j);
      }
    }
  }

  /** Textbook loops over the documented parameter layout, no BLAS. */
  private static double[] naiveForward(NetworkSpec spec, double[] params, double[] x, int row) {
    double[] a = new double[spec.inputs()];
    System.arraycopy(x, row * spec.inputs(), a, 0, a.length);
    for (int l = 1; l <= spec.layers(); l++) {
      int nIn = spec.size(l - 1);
      double[] z = new double[spec.size(l)];
      for (int o = 0; o < z.length; o++) {
        double sum = params[spec.biasOffset(l) + o];
        for (int i = 0; i < nIn; i++) {
          sum += params[spec.weightOffset(l) + o * nIn + i] * a[i];
        }
        z[o] = l < spec.layers() ? spec.hidden().apply(sum) : sum;
      }
      a = z;
    }
    spec.output().applyInPlace(a, 0, a.length);
    return a;
  }

  @Test
  void scratchBuffersAreReusedAcrossBatchSizes() {
    NetworkSpec spec = NetworkSpec.parse("3-5-2 relu softmax");
    double[] params = Initializer.of(Initializer.Kind.HE_NORMAL).initialize(spec, 1);
    Backprop backprop = new Backprop(spec);
    double[] x = {0.1, 0.2, 0.3, -0.4, 0.5, -0.6, 0.7, 0.8, 0.9};
    double[] y = {0, 1, 1};
    double[] big = new double[params.length];
    double lossBig = backprop.lossAndGradient(params, x, y, 3, big);
    double[] small = new double[params.length];
    backprop.lossAndGradient(params, x, y, 1, small);
    double[] again = new double[params.length];
    assertEquals(lossBig, backprop.lossAndGradient(params, x, y, 3, again), 0);
    assertArrayEquals(big, again, 0);
  }

  @Test
  void gradientAccumulatesIntoTheBuffer() {
    NetworkSpec spec = NetworkSpec.parse("2-3-1 tanh identity");
    double[] params = Initializer.of(Initializer.Kind.XAVIER_UNIFORM).initialize(spec, 9);
    Backprop backprop = new Backprop(spec);
    double[] x = {0.5, -0.5, 1, 2};
    double[] y = {0.3, -0.7};
    double[] both = new double[params.length];
    backprop.lossAndGradient(params, x, y, 2, both);
    double[] split = new double[params.length];
    backprop.lossAndGradient(params, new double[] {0.5, -0.5}, new double[] {0.3}, 1, split);
    backprop.lossAndGradient(params, new double[] {1, 2}, new double[] {-0.7}, 1, split);
    assertArrayEquals(both, split, 1e-14);
  }

  @Test
  void aLabelOutsideTheClassesIsAnError() {
    NetworkSpec spec = NetworkSpec.parse("2-3 relu softmax");
    double[] params = new double[spec.numParameters()];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Backprop(spec).lossAndGradient(params, new double[] {1, 2}, new double[] {3},
            1, new double[params.length]));
    assertEquals("row 0 of the batch: class label must be an integer in [0, 2], got 3.0",
        e.getMessage());
  }
}
