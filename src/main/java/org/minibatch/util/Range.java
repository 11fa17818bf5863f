package org.minibatch.util;

import java.util.Locale;

/**
 * An interval of allowed values for a setting, printed the way error messages quote it:
 * {@code beta2 must be in [0, 1), got 1.2}.
 */
public record Range(double low, boolean lowClosed, double high, boolean highClosed) {

  public static Range closedOpen(double low, double high) {
    return new Range(low, true, high, false);
  }

  public static Range closed(double low, double high) {
    return new Range(low, true, high, true);
  }

  public static Range open(double low, double high) {
    return new Range(low, false, high, false);
  }

  /** (0, inf). */
  public static Range positive() {
    return new Range(0, false, Double.POSITIVE_INFINITY, false);
  }

  /** [0, inf). */
  public static Range nonNegative() {
    return new Range(0, true, Double.POSITIVE_INFINITY, false);
  }

  /** [low, inf). */
  public static Range atLeast(double low) {
    return new Range(low, true, Double.POSITIVE_INFINITY, false);
  }

  public boolean contains(double v) {
    if (Double.isNaN(v)) {
      return false;
    }
    boolean aboveLow = lowClosed ? v >= low : v > low;
    boolean belowHigh = highClosed ? v <= high : v < high;
    return aboveLow && belowHigh;
  }

  /** Returns {@code value} or throws {@code "<name> must be in <range>, got <value>"}. */
  public double check(String name, double value) {
    if (!contains(value)) {
      throw new IllegalArgumentException(
          name + " must be in " + this + ", got " + Specs.formatNumber(value));
    }
    return value;
  }

  /** Integer form of {@link #check(String, double)}. */
  public int check(String name, int value) {
    check(name, (double) value);
    return value;
  }

  /** Long form of {@link #check(String, double)}. */
  public long check(String name, long value) {
    check(name, (double) value);
    return value;
  }

  @Override
  public String toString() {
    return (lowClosed ? "[" : "(") + bound(low) + ", " + bound(high) + (highClosed ? "]" : ")");
  }

  private static String bound(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    return Specs.formatNumber(v);
  }
}
