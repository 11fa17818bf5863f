package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchPlanTest {

  @Test
  void onePartitionTakesConsecutiveSlicesAndAShortLastStep() {
    BatchPlan plan = new BatchPlan(new int[] {10}, 4);
    assertEquals(3, plan.stepsPerEpoch());
    BatchPlan.Cursor cursor = plan.cursor();
    assertSlice(cursor.next(), new int[] {0}, new int[] {4});
    assertSlice(cursor.next(), new int[] {4}, new int[] {8});
    assertSlice(cursor.next(), new int[] {8}, new int[] {10});
    assertEquals(false, cursor.hasNext());
  }

  @Test
  void globalBatchIsExactAndEveryRowIsUsedOncePerEpoch() {
    int[] rows = {1000, 37, 0, 512, 999};
    BatchPlan plan = new BatchPlan(rows, 128);
    BatchPlan.Cursor cursor = plan.cursor();
    int[] last = new int[rows.length];
    long seen = 0;
    while (cursor.hasNext()) {
      BatchPlan.Slices s = cursor.next();
      assertArrayEquals(last, s.from());
      long expected = Math.min(128, plan.totalRows() - seen);
      assertEquals(expected, s.rows(), "step " + s.step());
      for (int p = 0; p < rows.length; p++) {
        double share = (double) rows[p] / plan.totalRows() * (seen + s.rows());
        assertTrue(Math.abs(s.to()[p] - share) <= 1.0, "partition " + p + " off its share");
      }
      seen += s.rows();
      last = s.to();
    }
    assertArrayEquals(rows, last);
  }

  @Test
  void skipToGivesTheSameSlicesAsWalking() {
    BatchPlan plan = new BatchPlan(new int[] {300, 200, 100}, 50);
    BatchPlan.Cursor walk = plan.cursor();
    for (int i = 0; i < 7; i++) {
      walk.next();
    }
    BatchPlan.Cursor jump = plan.cursor();
    jump.skipTo(7);
    BatchPlan.Slices a = walk.next();
    BatchPlan.Slices b = jump.next();
    assertArrayEquals(a.from(), b.from());
    assertArrayEquals(a.to(), b.to());
  }

  @Test
  void badSizesAreRejectedWithTheNumbers() {
    assertEquals("batch size 11 is larger than the 10 training rows; use at most 10 (full-batch"
            + " gradient descent)",
        assertThrows(IllegalArgumentException.class, () -> new BatchPlan(new int[] {6, 4}, 11))
            .getMessage());
    assertEquals("the training data has no rows",
        assertThrows(IllegalArgumentException.class, () -> new BatchPlan(new int[] {0, 0}, 1))
            .getMessage());
    assertEquals("batch size must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new BatchPlan(new int[] {5}, 0))
            .getMessage());
  }

  private static void assertSlice(BatchPlan.Slices s, int[] from, int[] to) {
    assertArrayEquals(from, s.from());
    assertArrayEquals(to, s.to());
  }
}
