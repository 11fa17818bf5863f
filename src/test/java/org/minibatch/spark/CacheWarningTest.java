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

  @Test
  void partitionsOnDiskOrMissingSayHowMuchMemoryIsNeeded() {
    assertEquals("the training data did not fit executor storage memory: 120.0 MB in memory,"
        + " 50.0 MB on local disk, 64 of 64 partitions cached at all; steps read the rest from"
        + " disk or recompute it from the input. It needs about 188 MB: give executors about"
        + " 68 MB more storage memory in all (spark.executor.memory, spark.memory.fraction, or"
        + " more executors)", CachedData.cacheWarning(FASHION, 120_000_000, 50_000_000, 64, 64));
    assertEquals("the training data did not fit executor storage memory: 100.0 MB in memory,"
        + " 0.0 MB on local disk, 34 of 64 partitions cached at all; steps read the rest from"
        + " disk or recompute it from the input. It needs about 188 MB: give executors about"
        + " 88 MB more storage memory in all (spark.executor.memory, spark.memory.fraction, or"
        + " more executors)", CachedData.cacheWarning(FASHION, 100_000_000, 0, 34, 64));
  }
}
