package org.minibatch.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.minibatch.util.Specs;

/**
 * One searched key of a {@link SearchSpace}: a finite list of values ({@code a | b | c}), an
 * integer range ({@code 1..4}, also {@code uniform_int(1,4)}; finite, so grid search enumerates
 * it), or a range for the other strategies: {@code uniform(low,high)}, {@code loguniform(low,high)}
 * (uniform in the logarithm, the usual prior for learning rates: Bergstra and Bengio 2012,
 * "Random Search for Hyper-Parameter Optimization") and {@code loguniform_int(low,high)} (layer
 * widths).
 *
 * <p>Model-based and evolutionary search work on a number line per key, its <em>coordinate</em>:
 * the value for uniform kinds, its logarithm for log kinds; integer kinds span half a unit beyond
 * each end, so rounding gives every integer the same share.
 *
 * @param key the config key (or {@code train.optimizer.NAME}, an argument of the optimizer spec)
 * @param values the listed values; empty for a range
 * @param text the value as the space file wrote it, for messages
 * @param line the line of the space file (0 when not read from a file)
 */
public record Param(String key, Kind kind, List<String> values, double low, double high,
    String text, int line) {
  /** How a parameter's values are given. */
  public enum Kind { LIST, UNIFORM, LOGUNIFORM, INT, LOGINT }

  /** Significant digits of sampled values: enough to search, short enough to read. */
  static final int DIGITS = 4;
  /** Integer ranges grid search may enumerate. */
  static final int MAX_ENUMERATED = 100_000;

  public Param {
    values = List.copyOf(values);
  }

  public static Param list(String key, List<String> values, String text, int line) {
    return new Param(key, Kind.LIST, values, Double.NaN, Double.NaN, text, line);
  }

  public static Param range(String key, Kind kind, double low, double high, String text,
      int line) {
    return new Param(key, kind, List.of(), low, high, text, line);
  }

  /** Lists and integer ranges: grid search can enumerate them. */
  public boolean finite() {
    return kind == Kind.LIST || (kind == Kind.INT && high - low < MAX_ENUMERATED);
  }

  /** Whether the values are whole numbers (integer ranges, lists of integers). */
  public boolean integer() {
    if (kind == Kind.INT || kind == Kind.LOGINT) {
      return true;
    }
    return kind == Kind.LIST && values.stream().allMatch(Param::isInteger);
  }

  /** The values grid search enumerates: the list, or every integer of the range. */
  public List<String> choices() {
    if (kind == Kind.LIST) {
      return values;
    }
    if (!finite()) {
      throw new IllegalStateException(key + " is a range, not a list");
    }
    List<String> all = new ArrayList<>();
    for (long v = (long) low; v <= (long) high; v++) {
      all.add(Long.toString(v));
    }
    return all;
  }

  /** Whether every value is a number (ranges always are): such a parameter gets a number axis. */
  public boolean numeric() {
    return kind != Kind.LIST || values.stream().allMatch(Param::isNumber);
  }

  /** A range rather than a list: model-based search treats it on its {@link #coordinate}. */
  public boolean range() {
    return kind != Kind.LIST;
  }

  /**
   * Whether its values are best shown on a log axis: log ranges, and positive lists spanning a
   * factor of 20 or more (learning rates 0.001 ... 0.3).
   */
  public boolean logScale() {
    if (kind == Kind.LOGUNIFORM || kind == Kind.LOGINT) {
      return true;
    }
    if (kind != Kind.LIST || !numeric()) {
      return false;
    }
    double min = values.stream().mapToDouble(Double::parseDouble).min().orElseThrow();
    double max = values.stream().mapToDouble(Double::parseDouble).max().orElseThrow();
    return min > 0 && max / min >= 20;
  }

  /** A random value: a listed one uniformly, or a uniform point of the range's coordinate. */
  public String sample(SplittableRandom random) {
    if (kind == Kind.LIST) {
      return values.get(random.nextInt(values.size()));
    }
    return fromCoordinate(lowCoordinate()
        + random.nextDouble() * (highCoordinate() - lowCoordinate()));
  }

  /** The low end of a range's coordinate (see the class comment). */
  public double lowCoordinate() {
    return coordinateOf(integer() ? low - 0.5 : low);
  }

  public double highCoordinate() {
    return coordinateOf(integer() ? high + 0.5 : high);
  }

  /** A value of a range on its number line: the logarithm for log kinds. */
  public double coordinate(String value) {
    return coordinateOf(Double.parseDouble(value));
  }

  /**
   * The value at a coordinate, inside the range: rounded to an integer for integer kinds, else
   * to 4 significant digits.
   */
  public String fromCoordinate(double c) {
    double v = (kind == Kind.LOGUNIFORM || kind == Kind.LOGINT) ? Math.exp(c) : c;
    if (integer()) {
      return Long.toString(Math.max((long) low, Math.min((long) high, Math.round(v))));
    }
    double rounded = new BigDecimal(v).round(new MathContext(DIGITS)).doubleValue();
    return Specs.formatNumber(Math.min(high, Math.max(low, rounded)));
  }

  private double coordinateOf(double v) {
    return (kind == Kind.LOGUNIFORM || kind == Kind.LOGINT) ? Math.log(v) : v;
  }

  /** "space.properties line 3: " or "space.properties: ", to start a message about this key. */
  public String where(String source) {
    return source + (line > 0 ? " line " + line : "") + ": ";
  }

  private static boolean isNumber(String v) {
    try {
      return Double.isFinite(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isInteger(String v) {
    try {
      Long.parseLong(v.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
