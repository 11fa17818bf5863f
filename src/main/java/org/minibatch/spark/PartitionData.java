package org.minibatch.spark;

import java.io.Serializable;
import org.minibatch.nn.DataBlock;
import org.minibatch.train.EpochOrderCache;

/**
 * What one cached partition holds: its training rows and its held-out validation rows as
 * contiguous float32 blocks, plus the permutation of the current epoch (rebuilt, not cached, if
 * Spark recomputes the partition from lineage).
 */
public final class PartitionData implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partition;
  private final DataBlock train;
  private final DataBlock validation;
  private transient EpochOrderCache orders;

  public PartitionData(int partition, DataBlock train, DataBlock validation) {
    this.partition = partition;
    this.train = train;
    this.validation = validation;
  }

  public int partition() {
    return partition;
  }

  public DataBlock train() {
    return train;
  }

  public DataBlock validation() {
    return validation;
  }

  /** This partition's permutation of its training rows for (seed, epoch). */
  public int[] order(long seed, long epoch) {
    EpochOrderCache cache;
    synchronized (this) {
      if (orders == null) {
        orders = new EpochOrderCache();
      }
      cache = orders;
    }
    return cache.get(seed, epoch, partition, train.rows());
  }
}
