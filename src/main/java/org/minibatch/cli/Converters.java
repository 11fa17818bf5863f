package org.minibatch.cli;

import org.minibatch.optim.Optimizer;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.functions.TestFunction;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the values the commands share; a value that does not convert becomes
 * {@code Invalid value for option '--optimizer' (SPEC): <why>} and exit code 2.
 */
final class Converters {
  private Converters() {}

  /** An optimizer spec such as {@code adam(lr=0.01)}. */
  static final class OptimizerSpec implements ITypeConverter<Optimizer> {
    @Override
    public Optimizer convert(String value) {
      try {
        return Optimizers.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A test function name such as {@code rosenbrock}. */
  static final class Function implements ITypeConverter<TestFunction> {
    @Override
    public TestFunction convert(String value) {
      try {
        return TestFunction.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A number or a fraction {@code A/B} ({@code 4/9} of an epoch), as a double. */
  static final class Fraction implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String[] parts = value.split("/", -1);
      if (parts.length > 2) {
        throw new TypeConversionException("expected a number or A/B, got '" + value + "'");
      }
      try {
        double v = Double.parseDouble(parts[0].strip());
        return parts.length == 1 ? v : v / Double.parseDouble(parts[1].strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected a number or A/B, got '" + value + "'");
      }
    }
  }

  /** A point {@code X,Y}. */
  record Point(double x, double y) {}

  /** A plot region; {@link #bounds()} gives {xmin, xmax, ymin, ymax}. */
  record Window(double xmin, double xmax, double ymin, double ymax) {
    double[] bounds() {
      return new double[] {xmin, xmax, ymin, ymax};
    }
  }

  /** {@code X,Y}. */
  static final class PointConverter implements ITypeConverter<Point> {
    @Override
    public Point convert(String value) {
      double[] p = numbers(value, 2, "X,Y");
      return new Point(p[0], p[1]);
    }
  }

  /** {@code XMIN,XMAX,YMIN,YMAX}, each minimum below its maximum. */
  static final class WindowConverter implements ITypeConverter<Window> {
    @Override
    public Window convert(String value) {
      double[] w = numbers(value, 4, "XMIN,XMAX,YMIN,YMAX");
      if (!(w[0] < w[1] && w[2] < w[3])) {
        throw new TypeConversionException("expected XMIN < XMAX and YMIN < YMAX, got '"
            + value + "'");
      }
      return new Window(w[0], w[1], w[2], w[3]);
    }
  }

  static double[] numbers(String value, int count, String form) {
    String[] parts = value.split(",", -1);
    if (parts.length != count) {
      throw new TypeConversionException("expected " + form + ", got '" + value + "'");
    }
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected " + form + " (numbers), got '" + value + "'");
      }
      if (!Double.isFinite(out[i])) {
        throw new TypeConversionException("expected finite numbers, got '" + value + "'");
      }
    }
    return out;
  }

  /** Full precision that reads back exactly ({@link Double#toString}); NaN as an empty field. */
  static String number(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
