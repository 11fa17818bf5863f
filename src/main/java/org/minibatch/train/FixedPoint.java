package org.minibatch.train;

/**
 * The 128-bit fixed-point numbers of {@link GradientSum}'s exact sums: 64 integer bits and 64
 * fractional ones, two's complement, held as [hi, lo] pairs in a {@code long[]}. Integer
 * addition is exact and associative, so sums of many partitions' gradients do not depend on the
 * order Spark merges them in.
 */
final class FixedPoint {
  /** Magnitudes from here on do not fit (their sums could wrap). */
  static final double LIMIT = 0x1p62;

  private FixedPoint() {}

  /**
   * a[i..i+1] += [hi, lo]; false when the 128-bit sum wrapped around (its magnitude reached
   * 2^63), which two's-complement addition would otherwise do silently.
   */
  static boolean add(long[] a, int i, long hi, long lo) {
    long sum = a[i + 1] + lo;
    long carry = Long.compareUnsigned(sum, a[i + 1]) < 0 ? 1 : 0;
    long before = a[i];
    long total = before + hi + carry;
    a[i] = total;
    a[i + 1] = sum;
    // hi and carry together can only wrap when before and hi have the same sign.
    return !((before ^ total) < 0 && (before ^ hi) >= 0);
  }

  /** x * 2^64 rounded, as [hi, lo] in {@code out}; false if x is not finite or too large. */
  static boolean store(double x, long[] out) {
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

  /** The number at a[i..i+1], as a double. */
  static double value(long[] a, int i) {
    long hi = a[i];
    long lo = a[i + 1];
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
