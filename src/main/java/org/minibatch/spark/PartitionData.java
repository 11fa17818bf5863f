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
  private final int skipped;
  private final long firstSkippedRow;
  private final String firstSkipped;
  private transient EpochOrderCache orders;

  public PartitionData(int partition, DataBlock train, DataBlock validation) {
    this(partition, train, validation, 0, -1, null);
  }

  /**
   * @param skipped invalid rows left out of this partition
   * @param firstSkippedRow the lowest row number among them (-1 if none)
   * @param firstSkipped what was wrong with that row (null if none)
   */
  public PartitionData(int partition, DataBlock train, DataBlock validation, int skipped,
      long firstSkippedRow, String firstSkipped) {
    this.partition = partition;
    this.train = train;
    this.validation = validation;
    this.skipped = skipped;
    this.firstSkippedRow = firstSkippedRow;
    this.firstSkipped = firstSkipped;
  }

  /**
   * What a partition reports to the driver once it is cached; a class, not a record, because
   * Kryo (as {@code spark.serializer}) cannot build records.
   */
  public static final class Counts implements Serializable {
    private static final long serialVersionUID = 3L;
    private final int partition;
    private final int train;
    private final int validation;
    private final int skipped;
    private final long firstSkippedRow;
    private final String firstSkipped;
    private final long storedValues;
    private final int maxRowValues;

    Counts(int partition, int train, int validation, int skipped, long firstSkippedRow,
        String firstSkipped, long storedValues, int maxRowValues) {
      this.storedValues = storedValues;
      this.maxRowValues = maxRowValues;
      this.partition = partition;
      this.train = train;
      this.validation = validation;
      this.skipped = skipped;
      this.firstSkippedRow = firstSkippedRow;
      this.firstSkipped = firstSkipped;
    }

    public int partition() {
      return partition;
    }

    public int train() {
      return train;
    }

    public int validation() {
      return validation;
    }

    public int skipped() {
      return skipped;
    }

    public long firstSkippedRow() {
      return firstSkippedRow;
    }

    public String firstSkipped() {
      return firstSkipped;
    }

    /** Feature values the blocks hold: every feature of a dense row, a sparse row's non-zeros. */
    public long storedValues() {
      return storedValues;
    }

    /** The most feature values one row holds: the feature count, or a sparse row's non-zeros. */
    public int maxRowValues() {
      return maxRowValues;
    }
  }

  public Counts counts() {
    return new Counts(partition, train.rows(), validation.rows(), skipped, firstSkippedRow,
        firstSkipped, train.storedValues() + validation.storedValues(),
        Math.max(train.maxRowValues(), validation.maxRowValues()));
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

  /** How many epoch permutations this partition has drawn ({@link EpochOrderCache#draws}). */
  public synchronized long orderDraws() {
    return orders == null ? 0 : orders.draws();
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
