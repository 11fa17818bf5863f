package org.minibatch.spark;

import org.apache.spark.Partitioner;

/** Sends key p (an Integer in [0, partitions)) to partition p. */
final class IndexPartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;
  private final int partitions;

  IndexPartitioner(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return (Integer) key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexPartitioner other && other.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return partitions;
  }
}
