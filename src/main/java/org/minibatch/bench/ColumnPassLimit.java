package org.minibatch.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What one pass over a sparse batch's first-layer columns costs by itself, at a given input
 * width: a read-modify-write of the {@code hidden} float64 weights of each of {@code columns}
 * distinct random columns, ascending, in a first layer stored by input column (as a sparse
 * step's update does; its forward pass reads the same lines). The work is the same at every
 * width; the time is not, once the layer outgrows the caches and the TLB. A sparse step makes
 * such passes, so this is the memory system's part of how its time grows with the width.
 */
public final class ColumnPassLimit {
  private ColumnPassLimit() {}

  /** Milliseconds a pass, the mean of {@code passes} after as many to warm up. */
  public static double measure(int inputs, int hidden, int columns, int passes, long seed) {
    double[] weights = new double[Math.multiplyExact(inputs, hidden)];
    SplittableRandom random = new SplittableRandom(seed);
    long nanos = 0;
    for (int pass = 0; pass < 2 * passes; pass++) {
      int[] picked = random.ints(columns, 0, inputs).sorted().distinct().toArray();
      long start = System.nanoTime();
      for (int c : picked) {
        int at = c * hidden;
        for (int o = 0; o < hidden; o++) {
          weights[at + o] += 1e-3;
        }
      }
      if (pass >= passes) {
        nanos += System.nanoTime() - start;
      }
    }
    // read the result, so the passes are not optimized away
    if (Arrays.stream(weights, 0, Math.min(weights.length, 1 << 16)).sum() < 0) {
      throw new AssertionError();
    }
    return nanos / 1e6 / passes;
  }
}
