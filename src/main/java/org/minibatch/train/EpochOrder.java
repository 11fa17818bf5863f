package org.minibatch.train;

import java.util.SplittableRandom;

/**
 * The order in which a partition visits its rows in one epoch: a permutation drawn from
 * (seed, epoch, partition) alone, so any executor (or a retried task) computes the same one.
 */
public final class EpochOrder {
  private EpochOrder() {}

  /** A uniformly random permutation of 0..rows-1 (Fisher-Yates). */
  public static int[] permutation(long seed, long epoch, int partition, int rows) {
    int[] order = new int[rows];
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(mix(seed, epoch, partition));
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    return order;
  }

  /** A well-spread 64-bit seed from the three coordinates (SplitMix64 finalizer per step). */
  public static long mix(long seed, long epoch, long partition) {
    long h = splitMix(seed);
    h = splitMix(h ^ epoch);
    return splitMix(h ^ (partition * 0x9E3779B97F4A7C15L));
  }

  private static long splitMix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
