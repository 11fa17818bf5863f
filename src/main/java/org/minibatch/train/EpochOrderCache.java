package org.minibatch.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers a partition's recent epoch permutations, so each is drawn once per epoch rather than
 * once per step. Keyed by (seed, epoch) and holding a few, so trials that share the cached data
 * (parallel tuning, each in its own epoch or with its own seed) do not redraw them every step;
 * thread-safe.
 */
public final class EpochOrderCache {
  private static final int KEEP = 4;

  private final Map<List<Long>, int[]> orders = new LinkedHashMap<>(8, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<Long>, int[]> eldest) {
      return size() > KEEP;
    }
  };

  private long draws;

  /** The permutation of {@code rows} rows for (seed, epoch, partition). */
  public synchronized int[] get(long seed, long epoch, int partition, int rows) {
    return orders.computeIfAbsent(List.of(seed, epoch, (long) partition, (long) rows), key -> {
      draws++;
      return EpochOrder.permutation(seed, epoch, partition, rows);
    });
  }

  /** How many permutations this cache has drawn: O(rows) work each, once per epoch. */
  public synchronized long draws() {
    return draws;
  }
}
