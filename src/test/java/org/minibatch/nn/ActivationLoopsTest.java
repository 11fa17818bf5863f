package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-place loops (branch-free for relu) against the one-value definitions {@code apply} and
 * {@code derivativeFromOutput}, in both precisions, on the values where a branch-free form could
 * go wrong: signed zeros, subnormals, the largest values, infinities. Exact, except that a zero
 * delta may have either sign and that float32 sigmoid and tanh derivatives are computed in float:
 * 1 - a^2 and a (1 - a) carry an absolute error of about one float ulp of 1, times the delta.
 */
class ActivationLoopsTest {
  private static final double[] Z = {-3.5, -1e-300, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE,
      1e-300, 0.25, 7.0, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40, -1e-40};
  private static final double[] DELTA = {0.5, -2.0, 3.0, -0.75, 1.25, -1e-30, 9.0, -4.0, 0.125,
      -6.0, 2.5, -1.5, 8.0, 0.0625, -0.3, 11.0, -12.0};
  private static final List<Activation> ALL = List.of(Activation.IDENTITY, Activation.SIGMOID,
      Activation.TANH, Activation.RELU, Activation.leakyRelu(0.1), Activation.leakyRelu(0));

  @Test
  void doubleLoopsEqualTheOneValueDefinitions() {
    for (Activation f : ALL) {
      double[] a = Z.clone();
      f.applyInPlace(a, 0, a.length);
      double[] delta = DELTA.clone();
      f.multiplyDerivative(a, delta, 0, a.length);
      for (int i = 0; i < Z.length; i++) {
        assertEquals(f.apply(Z[i]), a[i], f + " f(" + Z[i] + ")");
        assertEquals(DELTA[i] * f.derivativeFromOutput(a[i]), delta[i], 0.0,
            f + " delta at a = " + a[i]);
      }
    }
  }

  @Test
  void floatLoopsEqualTheOneValueDefinitionsRoundedToFloat() {
    for (Activation f : ALL) {
      float[] a = new float[Z.length];
      float[] delta = new float[Z.length];
      for (int i = 0; i < Z.length; i++) {
        a[i] = (float) Z[i];
        delta[i] = (float) DELTA[i];
      }
      f.applyInPlace(a, 0, a.length);
      f.multiplyDerivative(a, delta, 0, a.length);
      for (int i = 0; i < Z.length; i++) {
        float z = (float) Z[i];
        assertEquals((float) f.apply(z), a[i], f + " f(" + z + ")");
        float expected = (float) DELTA[i] * (float) f.derivativeFromOutput(a[i]);
        boolean smooth = f == Activation.SIGMOID || f == Activation.TANH;
        float tolerance = Math.ulp(expected) + 2 * Math.ulp(1f) * Math.abs((float) DELTA[i]);
        assertEquals(expected, delta[i], smooth ? tolerance : 0f,
            f + " delta at a = " + a[i]);
      }
    }
  }

  @Test
  void reluGivesPositiveZeroWhereverTheBranchDid() {
    float[] a = {-0.0f, 0.0f, -1f, Float.NEGATIVE_INFINITY, -Float.MIN_VALUE};
    float[] delta = {-3f, -3f, -3f, -3f, -3f};
    Activation.RELU.applyInPlace(a, 0, a.length);
    Activation.RELU.multiplyDerivative(a, delta, 0, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(0, Float.floatToRawIntBits(a[i]), "f at " + i + " is +0");
      assertEquals(0, Float.floatToRawIntBits(delta[i]), "delta at " + i + " is +0");
    }
  }
}
