package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CacheWarningTest {
  /** Fashion-MNIST's 60,000 rows: 4 x (784 + 1) bytes each. */
  private static final long FASHION = 4L * 785 * 60_000;

  @Test
  void allInMemoryIsSilent() {
    assertNull(CachedData.cacheWarning(FASHION, FASHION, 0, 64, 64));
  }

  /** Tiny data over many partitions: the empty ones hold nothing, and need no block. */
  @Test
  void emptyPartitionsNeedNotBeCached() {
    assertNull(CachedData.cacheWarning(400, 400, 0, 5, 5));
    assertNull(CachedData.cacheWarning(400, 400, 0, 24, 5));
    assertEquals("the training data did not fit executor storage memory: 0.3 KB in memory,"
        + " 0.0 KB on local disk, 4 of the 5 partitions with rows cached at all; steps read the"
        + " rest from disk or recompute it from the input. It needs about 0.4 KB: give"
        + " executors about 0.1 KB more storage memory in all (spark.executor.memory,"
        + " spark.memory.fraction, or more executors)",
        CachedData.cacheWarning(400, 300, 0, 4, 5));
  }

  @Test
  void partitionsOnDiskOrMissingSayHowMuchMemoryIsNeeded() {
    assertEquals("the training data did not fit executor storage memory: 120.0 MB in memory,"
        + " 50.0 MB on local disk, 64 of the 64 partitions with rows cached at all; steps read"
        + " the rest from disk or recompute it from the input. It needs about 188.4 MB: give"
        + " executors about 68.4 MB more storage memory in all (spark.executor.memory,"
        + " spark.memory.fraction, or more executors)",
        CachedData.cacheWarning(FASHION, 120_000_000, 50_000_000, 64, 64));
    assertEquals("the training data did not fit executor storage memory: 100.0 MB in memory,"
        + " 0.0 KB on local disk, 34 of the 64 partitions with rows cached at all; steps read"
        + " the rest from disk or recompute it from the input. It needs about 188.4 MB: give"
        + " executors about 88.4 MB more storage memory in all (spark.executor.memory,"
        + " spark.memory.fraction, or more executors)",
        CachedData.cacheWarning(FASHION, 100_000_000, 0, 34, 64));
    assertEquals("the training data did not fit executor storage memory: 1.20 GB in memory,"
        + " 0.0 KB on local disk, 9 of the 10 partitions with rows cached at all; steps read"
        + " the rest from disk or recompute it from the input. It needs about 2.50 GB: give"
        + " executors about 1.30 GB more storage memory in all (spark.executor.memory,"
        + " spark.memory.fraction, or more executors)",
        CachedData.cacheWarning(2_500_000_000L, 1_200_000_000L, 0, 9, 10));
  }
}
