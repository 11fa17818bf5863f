package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference gradient checks, in float64, of every hidden activation with every loss
 * that fits its output, on random networks with two and three hidden layers. The five-point
 * central stencil (error O(h^4)) with h = 1e-4 keeps both truncation and rounding error near
 * 1e-12, so a relative error of 1e-6 means a real bug, not noise. For (leaky) ReLU, a
 * parameter whose perturbation moves some pre-activation across the kink at 0 has no derivative
 * to compare there; such parameters are skipped, and must stay rare.
 */
class GradientCheckTest {
  private static final double H = 1e-4;

  static Stream<Arguments> networks() {
    String[] activations = {"identity", "sigmoid", "tanh", "relu", "leaky_relu(slope=0.1)"};
    String[] heads = {"softmax cross_entropy", "sigmoid bce", "sigmoid mse", "identity mse"};
    String[] shapes = {"5-7-6-3", "4-6-5-4-3"};
    List<Arguments> cases = new ArrayList<>();
    for (String activation : activations) {
      for (String head : heads) {
        for (String shape : shapes) {
          cases.add(Arguments.of(shape + " " + activation + " " + head));
        }
        // the first layer stored by input column
        cases.add(Arguments.of(shapes[0] + " " + activation + " " + head + " by_input"));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("networks")
  void analyticGradientMatchesCentralDifferences(String text) {
    NetworkSpec spec = NetworkSpec.parse(text);
    SplittableRandom random = new SplittableRandom(text.hashCode());
    double[] params = Initializer.of(Initializer.Kind.XAVIER_NORMAL).initialize(spec, 7);
    for (int l = 1; l <= spec.layers(); l++) {
      for (int o = 0; o < spec.size(l); o++) {
        params[spec.biasOffset(l) + o] = random.nextDouble(-0.5, 0.5);
      }
    }
    int rows = 6;
    double[] x = randomInputs(random, rows * spec.inputs());
    double[] y = randomTargets(random, spec, rows);
    Backprop backprop = new Backprop(spec);

    double[] analytic = new double[params.length];
    backprop.lossAndGradient(params, x, y, rows, analytic);

    boolean piecewise = spec.hidden().kind() == Activation.Kind.RELU
        || spec.hidden().kind() == Activation.Kind.LEAKY_RELU;
    boolean[] pattern = piecewise ? signs(spec, params, x, rows) : null;
    double worst = 0;
    int skipped = 0;
    for (int i = 0; i < params.length; i++) {
      double saved = params[i];
      if (piecewise && crossesKink(spec, params, i, x, rows, pattern)) {
        skipped++;
        continue;
      }
      double numeric = (8 * (lossAt(backprop, params, i, saved + H, x, y, rows)
          - lossAt(backprop, params, i, saved - H, x, y, rows))
          - (lossAt(backprop, params, i, saved + 2 * H, x, y, rows)
          - lossAt(backprop, params, i, saved - 2 * H, x, y, rows))) / (12 * H);
      params[i] = saved;
      double scale = Math.max(Math.abs(numeric), Math.abs(analytic[i]));
      double error = scale < 1e-7 ? Math.abs(numeric - analytic[i]) : Math.abs(numeric
          - analytic[i]) / scale;
      worst = Math.max(worst, error);
    }
    assertTrue(worst < 1e-6, text + ": max relative error " + worst);
    assertTrue(skipped <= params.length / 10, text + ": " + skipped + " parameters at a kink");
  }

  private static boolean crossesKink(NetworkSpec spec, double[] params, int i, double[] x,
      int rows, boolean[] pattern) {
    double saved = params[i];
    boolean crosses = false;
    for (double offset : new double[] {-2 * H, 2 * H}) {
      params[i] = saved + offset;
      crosses |= !java.util.Arrays.equals(pattern, signs(spec, params, x, rows));
    }
    params[i] = saved;
    return crosses;
  }

  /** Whether each hidden pre-activation of each row is positive, by plain loops. */
  private static boolean[] signs(NetworkSpec spec, double[] params, double[] x, int rows) {
    List<Boolean> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      double[] a = java.util.Arrays.copyOfRange(x, r * spec.inputs(), (r + 1) * spec.inputs());
      for (int l = 1; l < spec.layers(); l++) {
        int nIn = spec.size(l - 1);
        double[] z = new double[spec.size(l)];
        for (int o = 0; o < z.length; o++) {
          double sum = params[spec.biasOffset(l) + o];
          for (int j = 0; j < nIn; j++) {
            sum += params[spec.weightOffset(l) + o * nIn + j] * a[j];
          }
          out.add(sum > 0);
          z[o] = spec.hidden().apply(sum);
        }
        a = z;
      }
    }
    boolean[] result = new boolean[out.size()];
    for (int k = 0; k < result.length; k++) {
      result[k] = out.get(k);
    }
    return result;
  }

  /**
   * Row weights: the gradient of sum_r w_r l_r matches central differences of the weighted
   * loss, and with whole-number weights equals that of the rows repeated.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "5-7-3 tanh softmax cross_entropy", "5-7-3 sigmoid sigmoid bce",
      "5-7-3 tanh sigmoid mse", "5-7-2 sigmoid identity mse"})
  void weightedGradientMatchesCentralDifferencesAndRepeatedRows(String text) {
    NetworkSpec spec = NetworkSpec.parse(text);
    SplittableRandom random = new SplittableRandom(text.hashCode() + 1);
    double[] params = Initializer.of(Initializer.Kind.XAVIER_NORMAL).initialize(spec, 3);
    int rows = 4;
    double[] x = randomInputs(random, rows * spec.inputs());
    double[] y = randomTargets(random, spec, rows);
    double[] w = {2, 0, 1, 3};
    Backprop backprop = new Backprop(spec);
    double[] analytic = new double[params.length];
    double loss = backprop.lossAndGradient(params, x, y, w, rows, analytic);
    assertEquals(backprop.loss(params, x, y, w, rows), loss, 1e-12);
    for (int i = 0; i < params.length; i++) {
      double saved = params[i];
      params[i] = saved + H;
      double up = backprop.loss(params, x, y, w, rows);
      params[i] = saved - H;
      double down = backprop.loss(params, x, y, w, rows);
      params[i] = saved;
      double numeric = (up - down) / (2 * H);
      assertEquals(numeric, analytic[i], 1e-6 * Math.max(1, Math.abs(numeric)),
          text + " parameter " + i);
    }
    // the same rows repeated 2, 0, 1 and 3 times
    int width = spec.targetWidth();
    int copies = 6;
    double[] xr = new double[copies * spec.inputs()];
    double[] yr = new double[copies * width];
    int at = 0;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < (int) w[r]; c++, at++) {
        System.arraycopy(x, r * spec.inputs(), xr, at * spec.inputs(), spec.inputs());
        System.arraycopy(y, r * width, yr, at * width, width);
      }
    }
    double[] repeated = new double[params.length];
    assertEquals(backprop.lossAndGradient(params, xr, yr, copies, repeated), loss, 1e-12);
    for (int i = 0; i < params.length; i++) {
      assertEquals(repeated[i], analytic[i], 1e-12, text + " parameter " + i);
    }
  }

  private static double lossAt(Backprop backprop, double[] params, int i, double value,
      double[] x, double[] y, int rows) {
    params[i] = value;
    return backprop.loss(params, x, y, rows);
  }

  private static double[] randomInputs(SplittableRandom random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble(-1.5, 1.5);
    }
    return x;
  }

  static double[] randomTargets(SplittableRandom random, NetworkSpec spec, int rows) {
    int width = spec.targetWidth();
    double[] y = new double[rows * width];
    for (int i = 0; i < y.length; i++) {
      y[i] = switch (spec.loss()) {
        case CROSS_ENTROPY -> random.nextInt(spec.outputs());
        case BINARY_CROSS_ENTROPY -> random.nextInt(2);
        case MSE -> random.nextDouble(-1, 1);
      };
    }
    return y;
  }
}
