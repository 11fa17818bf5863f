package org.minibatch.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every index once, in ranges no shorter than the grain, one range a thread. */
class ParallelRangesTest {
  @Test
  void coversEveryIndexOnceInRangesOfAtLeastTheGrain() {
    int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
    for (int n : new int[] {0, 1, 99, 100, 199, 200, 1000, 1007}) {
      AtomicIntegerArray seen = new AtomicIntegerArray(n);
      ConcurrentLinkedQueue<int[]> ranges = new ConcurrentLinkedQueue<>();
      ParallelRanges.forEach(n, 100, (from, to) -> {
        ranges.add(new int[] {from, to});
        for (int i = from; i < to; i++) {
          seen.incrementAndGet(i);
        }
      });
      for (int i = 0; i < n; i++) {
        assertEquals(1, seen.get(i), "index " + i + " of " + n);
      }
      int expected = Math.max(1, Math.min(n / 100, threads));
      assertEquals(expected, ranges.size(), "ranges for n = " + n);
      if (ranges.size() > 1) {
        ranges.forEach(r -> assertTrue(r[1] - r[0] >= 100, "range " + r[0] + ".." + r[1]));
      }
    }
  }

  @Test
  void rejectsAGrainBelowOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParallelRanges.forEach(10, 0, (from, to) -> { }));
    assertEquals("grain must be >= 1, got 0", e.getMessage());
  }
}
