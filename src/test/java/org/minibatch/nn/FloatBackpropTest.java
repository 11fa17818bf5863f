package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** float32 backprop agrees with the float64 one (itself gradient-checked) to float precision. */
class FloatBackpropTest {

  @ParameterizedTest
  @ValueSource(strings = {"20-32-16-5 relu softmax", "12-16-8-3 tanh sigmoid bce",
      "10-24-2 leaky_relu(slope=0.1) identity mse", "15-20-20-4 sigmoid softmax"})
  void float32GradientsMatchFloat64(String text) {
    NetworkSpec spec = NetworkSpec.parse(text);
    SplittableRandom random = new SplittableRandom(7);
    double[] params = Initializer.defaultFor(spec.hidden()).initialize(spec, 3);
    int rows = 64;
    double[] x = new double[rows * spec.inputs()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    double[] y = GradientCheckTest.randomTargets(random, spec, rows);
    float[] pf = new float[params.length];
    for (int i = 0; i < params.length; i++) {
      params[i] = (float) params[i];
      pf[i] = (float) params[i];
    }
    double[] g64 = new double[params.length];
    double loss64 = new Backprop(spec).lossAndGradient(params, x, y, rows, g64);
    float[] g32 = new float[params.length];
    float[] xf = new float[x.length];
    float[] yf = new float[y.length];
    for (int i = 0; i < x.length; i++) {
      xf[i] = (float) x[i];
    }
    for (int i = 0; i < y.length; i++) {
      yf[i] = (float) y[i];
    }
    double loss32 = new FloatBackprop(spec).lossAndGradient(pf, xf, yf, rows, g32);
    assertEquals(loss64, loss32, 1e-5 * Math.abs(loss64));
    double scale = 0;
    for (double g : g64) {
      scale = Math.max(scale, Math.abs(g));
    }
    double worst = 0;
    for (int i = 0; i < g64.length; i++) {
      worst = Math.max(worst, Math.abs(g64[i] - g32[i]) / scale);
    }
    assertTrue(worst < 1e-5, text + ": largest difference " + worst + " of the largest gradient");
  }
}
