package org.minibatch.optim.functions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.minibatch.util.Suggest;

/**
 * Two-dimensional functions with known shapes, for watching optimizers move: each gives its
 * exact formula, value, analytic gradient, a window that shows its features, and its minima.
 */
public enum TestFunction {
  /** Rosenbrock's banana valley; minimum 0 at (1, 1), at the end of a long flat curved floor. */
  ROSENBROCK("(1-x)^2 + 100(y-x^2)^2", new double[] {-2, 2, -1, 3}, new double[][] {{1, 1}}) {
    @Override
    public double value(double x, double y) {
      return sq(1 - x) + 100 * sq(y - x * x);
    }

    @Override
    public void gradient(double x, double y, double[] out) {
      out[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      out[1] = 200 * (y - x * x);
    }
  },
  /** Beale's function; minimum 0 at (3, 0.5), steep walls and flat plateaus. */
  BEALE("(1.5-x+xy)^2 + (2.25-x+xy^2)^2 + (2.625-x+xy^3)^2", new double[] {-4.5, 4.5, -4.5, 4.5},
      new double[][] {{3, 0.5}}) {
    @Override
    public double value(double x, double y) {
      return sq(1.5 - x + x * y) + sq(2.25 - x + x * y * y) + sq(2.625 - x + x * y * y * y);
    }

    @Override
    public void gradient(double x, double y, double[] out) {
      double a = 1.5 - x + x * y;
      double b = 2.25 - x + x * y * y;
      double c = 2.625 - x + x * y * y * y;
      out[0] = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
      out[1] = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y;
    }
  },
  /** Himmelblau's function; four minima of value 0, so the start decides which one is found. */
  HIMMELBLAU("(x^2+y-11)^2 + (x+y^2-7)^2", new double[] {-5, 5, -5, 5}, new double[][] {
      {3, 2}, {-2.805118086952745, 3.131312518250573},
      {-3.779310253377747, -3.283185991286170}, {3.584428340330492, -1.848126526964404}}) {
    @Override
    public double value(double x, double y) {
      return sq(x * x + y - 11) + sq(x + y * y - 7);
    }

    @Override
    public void gradient(double x, double y, double[] out) {
      double a = x * x + y - 11;
      double b = x + y * y - 7;
      out[0] = 4 * x * a + 2 * b;
      out[1] = 2 * a + 4 * y * b;
    }
  },
  /** A saddle at (0, 0): a minimum along x, a maximum along y; unbounded below. */
  SADDLE("x^2 - y^2", new double[] {-2, 2, -2, 2}, new double[0][]) {
    @Override
    public double value(double x, double y) {
      return x * x - y * y;
    }

    @Override
    public void gradient(double x, double y, double[] out) {
      out[0] = 2 * x;
      out[1] = -2 * y;
    }
  },
  /** A ravine: curvature 50 times larger across (y) than along (x); minimum 0 at (0, 0). */
  RAVINE("x^2 + 50y^2", new double[] {-5, 5, -2, 2}, new double[][] {{0, 0}}) {
    @Override
    public double value(double x, double y) {
      return x * x + 50 * y * y;
    }

    @Override
    public void gradient(double x, double y, double[] out) {
      out[0] = 2 * x;
      out[1] = 100 * y;
    }
  };

  private final String formula;
  private final double[] window;
  private final double[][] minima;

  TestFunction(String formula, double[] window, double[][] minima) {
    this.formula = formula;
    this.window = window;
    this.minima = minima;
  }

  /** f(x, y). */
  public abstract double value(double x, double y);

  /** Writes (df/dx, df/dy) at (x, y) into {@code out}. */
  public abstract void gradient(double x, double y, double[] out);

  /** The name used on the command line, e.g. {@code rosenbrock}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The exact formula, e.g. {@code x^2 - y^2}. */
  public String formula() {
    return formula;
  }

  /** The region worth plotting: {xmin, xmax, ymin, ymax}. */
  public double[] window() {
    return window.clone();
  }

  /** The global minima as {x, y} pairs (none for the saddle). */
  public double[][] minima() {
    double[][] copy = new double[minima.length][];
    for (int i = 0; i < minima.length; i++) {
      copy[i] = minima[i].clone();
    }
    return copy;
  }

  /** The command-line names, in declaration order. */
  public static List<String> keys() {
    return Arrays.stream(values()).map(TestFunction::key).toList();
  }

  /** The function named {@code key}; unknown names fail with the closest valid one. */
  public static TestFunction parse(String key) {
    for (TestFunction f : values()) {
      if (f.key().equals(key.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(Suggest.unknown("function", key, keys()));
  }

  private static double sq(double v) {
    return v * v;
  }
}
