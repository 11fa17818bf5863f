package org.minibatch.train;

import java.io.Serializable;

/**
 * Sums of gradients, losses and row counts from many partitions, added up exactly so the total
 * does not depend on the order in which Spark merges partial results.
 *
 * <p>Floating-point addition is not associative, and Spark's {@code treeAggregate} merges partial
 * results in the order tasks finish, so plain double sums change in the last bits from run to run.
 * A partition's own sums travel as plain doubles (so a task ships 8 bytes per parameter, and a
 * single partition's result is used exactly as computed). The first merge turns each partial sum,
 * on its own, into 128-bit fixed-point numbers with 64 fractional bits (two longs, two's
 * complement) and adds those; integer addition is associative and exact, so any merge order gives
 * the same bits. Values must stay below 2^62 in magnitude (a gradient that large has diverged);
 * larger or non-finite values poison the sum, which then reads as NaN, so the trainer's
 * divergence guard sees them. Merged sums have an absolute resolution of 2^-64 (about 5e-20):
 * a value of magnitude at least 2^-11 keeps all 53 bits.
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double LIMIT = 0x1p62;

  private final int size;
  /** One partition's sums as computed: the gradient values, then the loss at index size. */
  private double[] values;
  /** Merged sums, [hi_0, lo_0, hi_1, lo_1, ...], the loss at index size; null until merged. */
  private long[] fixed;
  private long rows;
  private boolean poisoned;

  private GradientSum(int size) {
    this.size = size;
  }

  /** An empty sum (zero rows) for {@code size} gradient values. */
  public static GradientSum zero(int size) {
    GradientSum sum = new GradientSum(size);
    sum.fixed = new long[2 * (size + 1)];
    return sum;
  }

  /**
   * One partition's sums (copied).
   *
   * @param gradient sum over the partition's rows of the per-row loss gradients
   * @param lossSum sum over the rows of the per-row losses
   */
  public static GradientSum of(double[] gradient, double lossSum, long rows) {
    GradientSum sum = new GradientSum(gradient.length);
    sum.values = java.util.Arrays.copyOf(gradient, gradient.length + 1);
    sum.values[gradient.length] = lossSum;
    sum.rows = rows;
    return sum;
  }

  /** Adds {@code other} into this sum (exactly) and returns this. */
  public GradientSum add(GradientSum other) {
    if (other.size != size) {
      throw new IllegalArgumentException("cannot add a sum of " + other.size + " values to one of "
          + size);
    }
    toFixed();
    long[] a = fixed;
    if (other.fixed != null) {
      long[] b = other.fixed;
      for (int i = 0; i < a.length; i += 2) {
        add(a, i, b[i], b[i + 1]);
      }
    } else {
      long[] scratch = new long[2];
      for (int i = 0; i <= size; i++) {
        if (!store(other.values[i], scratch)) {
          poisoned = true;
        }
        add(a, 2 * i, scratch[0], scratch[1]);
      }
    }
    rows += other.rows;
    poisoned |= other.poisoned;
    return this;
  }

  private void toFixed() {
    if (fixed != null) {
      return;
    }
    fixed = new long[2 * (size + 1)];
    long[] scratch = new long[2];
    for (int i = 0; i <= size; i++) {
      if (!store(values[i], scratch)) {
        poisoned = true;
      }
      fixed[2 * i] = scratch[0];
      fixed[2 * i + 1] = scratch[1];
    }
    values = null;
  }

  private static void add(long[] a, int i, long hi, long lo) {
    long sum = a[i + 1] + lo;
    long carry = Long.compareUnsigned(sum, a[i + 1]) < 0 ? 1 : 0;
    a[i] = a[i] + hi + carry;
    a[i + 1] = sum;
  }

  /** Merges two partial sums, either of which may be null (Spark's lazily allocated zero). */
  public static GradientSum merge(GradientSum a, GradientSum b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.add(b);
  }

  public int size() {
    return size;
  }

  public long rows() {
    return rows;
  }

  /** Whether some value was non-finite or out of range; then the means are NaN. */
  public boolean poisoned() {
    return poisoned;
  }

  /** Writes the mean gradient, sum / rows, into {@code out}. */
  public void meanGradient(double[] out) {
    for (int i = 0; i < size; i++) {
      out[i] = poisoned ? Double.NaN : value(i) / rows;
    }
  }

  /** The summed loss divided by the row count. */
  public double meanLoss() {
    return poisoned ? Double.NaN : value(size) / rows;
  }

  /** The summed loss. */
  public double lossSum() {
    return poisoned ? Double.NaN : value(size);
  }

  /** x * 2^64 rounded, as [hi, lo] in {@code out}; false if x is not finite or too large. */
  private static boolean store(double x, long[] out) {
    out[0] = 0;
    out[1] = 0;
    if (!(Math.abs(x) < LIMIT)) {
      return false;
    }
    if (x == 0) {
      return true;
    }
    long bits = Double.doubleToRawLongBits(x);
    int exponent = (int) ((bits >>> 52) & 0x7ff);
    long mantissa = bits & 0xFFFFFFFFFFFFFL;
    if (exponent == 0) {
      exponent = 1;
    } else {
      mantissa |= 1L << 52;
    }
    // |x| = mantissa * 2^(exponent - 1075); scaled by 2^64 that is mantissa * 2^shift.
    int shift = exponent - 1075 + 64;
    long hi;
    long lo;
    if (shift >= 64) {
      hi = mantissa << (shift - 64);
      lo = 0;
    } else if (shift > 0) {
      hi = mantissa >>> (64 - shift);
      lo = mantissa << shift;
    } else if (shift == 0) {
      hi = 0;
      lo = mantissa;
    } else if (shift > -54) {
      hi = 0;
      lo = (mantissa + (1L << (-shift - 1))) >>> -shift;
    } else {
      hi = 0;
      lo = 0;
    }
    if (x < 0) {
      lo = -lo;
      hi = ~hi + (lo == 0 ? 1 : 0);
    }
    out[0] = hi;
    out[1] = lo;
    return true;
  }

  private double value(int index) {
    if (values != null) {
      return values[index];
    }
    long hi = fixed[2 * index];
    long lo = fixed[2 * index + 1];
    boolean negative = hi < 0;
    if (negative) {
      lo = -lo;
      hi = ~hi + (lo == 0 ? 1 : 0);
    }
    double magnitude = hi + unsignedToDouble(lo) * 0x1p-64;
    return negative ? -magnitude : magnitude;
  }

  private static double unsignedToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return d + (v & 1L);
  }
}
