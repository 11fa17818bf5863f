package org.minibatch.util;

/** Reductions over the flat parameter and gradient vectors that run every step. */
public final class VectorMath {
  private VectorMath() {}

  /**
   * The Euclidean norm. Summed in four interleaved partial sums: one running sum is a chain of
   * dependent additions the JIT may not reorder (floating-point addition is not associative),
   * and over a whole gradient that chain shows in the step time (BENCHMARKS.md, "Behind the
   * code"); four chains run side by side.
   */
  public static double norm(double[] v) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < v.length; i += 4) {
      s0 += v[i] * v[i];
      s1 += v[i + 1] * v[i + 1];
      s2 += v[i + 2] * v[i + 2];
      s3 += v[i + 3] * v[i + 3];
    }
    for (; i < v.length; i++) {
      s0 += v[i] * v[i];
    }
    return Math.sqrt((s0 + s1) + (s2 + s3));
  }
}
