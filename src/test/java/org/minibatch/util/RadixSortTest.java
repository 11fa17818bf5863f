package org.minibatch.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The order of a stable comparison sort on the high int, for keys of every width. */
class RadixSortTest {
  @Test
  void sortsByTheHighIntStablyAtEveryWidth() {
    SplittableRandom random = new SplittableRandom(3);
    for (int largest : new int[] {0, 1, 2047, 2048, 100_000, 10_000_000, Integer.MAX_VALUE}) {
      for (int n : new int[] {0, 1, 7, 5_000}) {
        long[] keys = new long[n + 3];
        Long[] expected = new Long[n];
        for (int i = 0; i < n; i++) {
          // few distinct high parts, so that stability shows: the low part is the place
          int[] highs = {0, largest, largest / 2, largest / 3, largest / 2047};
          keys[i] = (long) highs[random.nextInt(highs.length)] << 32 | i;
          expected[i] = keys[i];
        }
        Arrays.sort(expected, Comparator.comparingLong(k -> k >>> 32));
        long[] sorted = RadixSort.byHighInt(keys, new long[n], n, largest);
        assertArrayEquals(Arrays.stream(expected).mapToLong(Long::longValue).toArray(),
            Arrays.copyOf(sorted, n), "largest " + largest + ", n " + n);
      }
    }
  }

  @Test
  void rejectsANegativeLargestKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RadixSort.byHighInt(new long[1], new long[1], 1, -1));
    assertEquals("maxHigh must be >= 0, got -1", e.getMessage());
  }
}
