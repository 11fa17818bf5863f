package org.minibatch.train;

/**
 * Remembers the last epoch permutation of one partition, so it is drawn once per epoch rather
 * than once per step. Keyed by (seed, epoch), so runs with different seeds over the same cached
 * data (parallel trials) stay correct; thread-safe.
 */
public final class EpochOrderCache {
  private int[] order;
  private long seed;
  private long epoch = -1;

  /** The permutation of {@code rows} rows for (seed, epoch, partition). */
  public synchronized int[] get(long seed, long epoch, int partition, int rows) {
    if (order == null || this.seed != seed || this.epoch != epoch || order.length != rows) {
      order = EpochOrder.permutation(seed, epoch, partition, rows);
      this.seed = seed;
      this.epoch = epoch;
    }
    return order;
  }
}
