package org.minibatch.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;
import org.minibatch.util.Suggest;

/**
 * Element-wise activation of a hidden layer.
 *
 * <pre>
 *   identity    f(z) = z                      f'(z) = 1
 *   sigmoid     f(z) = 1 / (1 + e^-z)         f'(z) = f(z) (1 - f(z))
 *   tanh        f(z) = tanh z                 f'(z) = 1 - f(z)^2
 *   relu        f(z) = max(0, z)              f'(z) = [z > 0]
 *   leaky_relu  f(z) = z if z > 0, else a z   f'(z) = 1 if z > 0, else a     (a = slope)
 * </pre>
 *
 * Every derivative is written in terms of the output {@code f(z)}, so backprop needs to keep only
 * the activations. For leaky_relu that needs {@code slope >= 0}, which keeps the sign of z visible
 * in f(z); we require {@code slope in [0, 1)}.
 *
 * <p>The relu loops are written without branches, because a branch on the sign of z is
 * mispredicted about half the time on real activations, and C2 vectorizes the branch-free
 * loops (the figures: BENCHMARKS.md, "Behind the code"). f(z) is {@code max(z, 0)};
 * leaky_relu is {@code max(z, a z)}, equal for a in (0, 1), and {@code max(z, 0)} for a = 0,
 * where 0 x infinity would give NaN (the test on a is loop-invariant: C2 takes it out of the
 * loop). The relu derivative keeps a delta by masking its bits with "the bits of a are a
 * positive int", true exactly when a > 0 (or a is a NaN with the sign bit clear), and gives +0
 * otherwise: what the branch gave, bit for bit, except at a NaN activation. The leaky_relu
 * derivative uses the same mask to pick the factor, 1 or a, by its bits.
 */
public final class Activation implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The kinds of activation, by their spec names. */
  public enum Kind {
    IDENTITY, SIGMOID, TANH, RELU, LEAKY_RELU;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final double DEFAULT_LEAKY_SLOPE = 0.01;
  private static final Range SLOPE_RANGE = Range.closedOpen(0, 1);
  private static final List<String> NAMES =
      Arrays.stream(Kind.values()).map(Kind::specName).toList();

  public static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0);
  public static final Activation SIGMOID = new Activation(Kind.SIGMOID, 0);
  public static final Activation TANH = new Activation(Kind.TANH, 0);
  public static final Activation RELU = new Activation(Kind.RELU, 0);

  private final Kind kind;
  private final double slope;

  private Activation(Kind kind, double slope) {
    this.kind = kind;
    this.slope = slope;
  }

  /** leaky_relu with the given negative-side slope in [0, 1). */
  public static Activation leakyRelu(double slope) {
    return new Activation(Kind.LEAKY_RELU, SLOPE_RANGE.check("slope", slope));
  }

  /** Parses {@code relu}, {@code tanh}, {@code leaky_relu}, {@code leaky_relu(slope=0.1)}, ... */
  public static Activation parse(String text) {
    Specs.Reader spec = Specs.parse("activation", text).reader();
    Kind kind;
    try {
      kind = Kind.valueOf(spec.name().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Suggest.unknown("activation", spec.name(), NAMES));
    }
    Activation result = switch (kind) {
      case LEAKY_RELU -> leakyRelu(spec.number("slope", DEFAULT_LEAKY_SLOPE, SLOPE_RANGE));
      case IDENTITY -> IDENTITY;
      case SIGMOID -> SIGMOID;
      case TANH -> TANH;
      case RELU -> RELU;
    };
    spec.finish();
    return result;
  }

  public Kind kind() {
    return kind;
  }

  public double slope() {
    return slope;
  }

  /** f(z) for one value. */
  public double apply(double z) {
    return switch (kind) {
      case IDENTITY -> z;
      case SIGMOID -> sigmoid(z);
      case TANH -> Math.tanh(z);
      case RELU -> Math.max(z, 0);
      case LEAKY_RELU -> slope > 0 ? Math.max(z, slope * z) : Math.max(z, 0);
    };
  }

  /** f'(z) given the output a = f(z). */
  public double derivativeFromOutput(double a) {
    return switch (kind) {
      case IDENTITY -> 1;
      case SIGMOID -> a * (1 - a);
      case TANH -> 1 - a * a;
      case RELU -> a > 0 ? 1 : 0;
      case LEAKY_RELU -> a > 0 ? 1 : slope;
    };
  }

  /** Applies f in place to {@code x[from, to)}; one switch per call keeps the loops tight. */
  public void applyInPlace(double[] x, int from, int to) {
    switch (kind) {
      case IDENTITY -> { }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          x[i] = sigmoid(x[i]);
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          x[i] = Math.tanh(x[i]);
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          x[i] = Math.max(x[i], 0);
        }
      }
      case LEAKY_RELU -> {
        double a = slope;
        for (int i = from; i < to; i++) {
          x[i] = Math.max(x[i], a > 0 ? a * x[i] : 0);
        }
      }
    }
  }

  /** delta[i] *= f'(z_i) for i in [from, to), from the outputs a = f(z). */
  public void multiplyDerivative(double[] a, double[] delta, int from, int to) {
    switch (kind) {
      case IDENTITY -> { }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          delta[i] *= a[i] * (1 - a[i]);
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          delta[i] *= 1 - a[i] * a[i];
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          long keep = positiveMask(a[i]);
          delta[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(delta[i]) & keep);
        }
      }
      case LEAKY_RELU -> {
        long one = Double.doubleToRawLongBits(1.0);
        long s = Double.doubleToRawLongBits(slope);
        for (int i = from; i < to; i++) {
          long keep = positiveMask(a[i]);
          delta[i] *= Double.longBitsToDouble((one & keep) | (s & ~keep));
        }
      }
    }
  }

  /** Float32 form of {@link #applyInPlace(double[], int, int)} (math in double, per value). */
  public void applyInPlace(float[] x, int from, int to) {
    switch (kind) {
      case IDENTITY -> { }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          x[i] = (float) sigmoid(x[i]);
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          x[i] = (float) Math.tanh(x[i]);
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          x[i] = Math.max(x[i], 0f);
        }
      }
      case LEAKY_RELU -> {
        float a = (float) slope;
        for (int i = from; i < to; i++) {
          x[i] = Math.max(x[i], a > 0 ? a * x[i] : 0);
        }
      }
    }
  }

  /** Float32 form of {@link #multiplyDerivative(double[], double[], int, int)}. */
  public void multiplyDerivative(float[] a, float[] delta, int from, int to) {
    switch (kind) {
      case IDENTITY -> { }
      case SIGMOID -> {
        for (int i = from; i < to; i++) {
          delta[i] *= a[i] * (1 - a[i]);
        }
      }
      case TANH -> {
        for (int i = from; i < to; i++) {
          delta[i] *= 1 - a[i] * a[i];
        }
      }
      case RELU -> {
        for (int i = from; i < to; i++) {
          int keep = positiveMask(a[i]);
          delta[i] = Float.intBitsToFloat(Float.floatToRawIntBits(delta[i]) & keep);
        }
      }
      case LEAKY_RELU -> {
        int one = Float.floatToRawIntBits(1f);
        int s = Float.floatToRawIntBits((float) slope);
        for (int i = from; i < to; i++) {
          int keep = positiveMask(a[i]);
          delta[i] *= Float.intBitsToFloat((one & keep) | (s & ~keep));
        }
      }
    }
  }

  /** All ones where {@code a > 0} (or a is a NaN with the sign bit clear), else zero. */
  private static long positiveMask(double a) {
    long bits = Double.doubleToRawLongBits(a);
    return (-bits & ~bits) >> 63;
  }

  /** Float32 form of {@link #positiveMask(double)}. */
  private static int positiveMask(float a) {
    int bits = Float.floatToRawIntBits(a);
    return (-bits & ~bits) >> 31;
  }

  /** Numerically safe logistic function. */
  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  @Override
  public String toString() {
    if (kind != Kind.LEAKY_RELU) {
      return kind.specName();
    }
    Map<String, String> args = new LinkedHashMap<>();
    args.put("slope", Specs.formatNumber(slope));
    return Specs.format(kind.specName(), args);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Activation other && other.kind == kind
        && Double.compare(other.slope, slope) == 0;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Double.hashCode(slope);
  }
}
