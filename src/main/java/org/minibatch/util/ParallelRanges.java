package org.minibatch.util;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Element-wise work over {@code [0, n)} shared among the threads of the common fork-join pool
 * and the caller, in contiguous ranges. Only for work whose result does not depend on how it is
 * split (each index written from its own inputs, no sums across indices), so the bits are those
 * of one thread's loop.
 */
public final class ParallelRanges {
  private ParallelRanges() {}

  /** The work on the indices {@code [from, to)}. */
  @FunctionalInterface
  public interface Body {
    void run(int from, int to);
  }

  /**
   * Runs {@code body} over {@code [0, n)}: in the calling thread when {@code n < 2 grain},
   * else in one range per thread (the pool's and the caller), none shorter than {@code grain}.
   */
  public static void forEach(int n, int grain, Body body) {
    if (grain < 1) {
      throw new IllegalArgumentException("grain must be >= 1, got " + grain);
    }
    int pieces = (int) Math.min(n / grain, ForkJoinPool.getCommonPoolParallelism() + 1L);
    if (pieces <= 1) {
      body.run(0, n);
      return;
    }
    IntStream.range(0, pieces).parallel().forEach(p -> body.run(
        (int) ((long) n * p / pieces), (int) ((long) n * (p + 1) / pieces)));
  }
}
