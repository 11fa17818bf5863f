package org.minibatch.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.SplittableRandom;
import org.minibatch.util.Specs;

/**
 * One searched key of a {@link SearchSpace}: a finite list of values ({@code a | b | c}), or a
 * range for random search, {@code uniform(low,high)} or {@code loguniform(low,high)} (uniform in
 * the logarithm, the usual prior for learning rates: Bergstra and Bengio 2012, "Random Search for
 * Hyper-Parameter Optimization").
 *
 * @param key the config key (or {@code train.optimizer.NAME}, an argument of the optimizer spec)
 * @param values the listed values; empty for a range
 * @param text the value as the space file wrote it, for messages
 */
public record Param(String key, Kind kind, List<String> values, double low, double high,
    String text) {
  /** How a parameter's values are given. */
  public enum Kind { LIST, UNIFORM, LOGUNIFORM }

  /** Significant digits of sampled values: enough to search, short enough to read. */
  static final int DIGITS = 4;

  public Param {
    values = List.copyOf(values);
  }

  public static Param list(String key, List<String> values, String text) {
    return new Param(key, Kind.LIST, values, Double.NaN, Double.NaN, text);
  }

  public static Param range(String key, Kind kind, double low, double high, String text) {
    return new Param(key, kind, List.of(), low, high, text);
  }

  public boolean finite() {
    return kind == Kind.LIST;
  }

  /** Whether every value is a number (ranges always are): such a parameter gets a number axis. */
  public boolean numeric() {
    if (!finite()) {
      return true;
    }
    for (String v : values) {
      try {
        Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether its values are best shown on a log axis: log-uniform ranges, and positive lists
   * spanning a factor of 20 or more (learning rates 0.001 ... 0.3).
   */
  public boolean logScale() {
    if (kind == Kind.LOGUNIFORM) {
      return true;
    }
    if (kind == Kind.UNIFORM || !numeric()) {
      return false;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (String v : values) {
      double x = Double.parseDouble(v);
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return min > 0 && max / min >= 20;
  }

  /** A random value: a listed one uniformly, or a point of the range rounded to 4 digits. */
  public String sample(SplittableRandom random) {
    return switch (kind) {
      case LIST -> values.get(random.nextInt(values.size()));
      case UNIFORM -> format(low + random.nextDouble() * (high - low));
      case LOGUNIFORM -> format(Math.exp(Math.log(low)
          + random.nextDouble() * (Math.log(high) - Math.log(low))));
    };
  }

  private String format(double v) {
    double rounded = new BigDecimal(v).round(new MathContext(DIGITS)).doubleValue();
    return Specs.formatNumber(Math.min(high, Math.max(low, rounded)));
  }
}
