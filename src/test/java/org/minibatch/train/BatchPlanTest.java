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
    BatchPlan plan = new BatchPlan(rows, 128, 16);
    assertEquals(rows.length, plan.lanes());
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
  void smallSlicesReadLanesOfPartitionsOneAfterTheOther() {
    // 4 partitions of 3 rows, batch 4, at least 2 rows a slice: 2 lanes, {0, 2} and {1, 3}
    BatchPlan plan = new BatchPlan(new int[] {3, 3, 3, 3}, 4, 2);
    assertEquals(2, plan.lanes());
    BatchPlan.Cursor cursor = plan.cursor();
    assertSlice(cursor.next(), new int[] {0, 0, 0, 0}, new int[] {2, 2, 0, 0});
    assertSlice(cursor.next(), new int[] {2, 2, 0, 0}, new int[] {3, 3, 1, 1});
    assertSlice(cursor.next(), new int[] {3, 3, 1, 1}, new int[] {3, 3, 3, 3});
    assertEquals(false, cursor.hasNext());
  }

  @Test
  void enoughRowsPerPartitionKeepOneLanePerPartition() {
    assertEquals(4, new BatchPlan(new int[] {100, 100, 100, 100}, 256, 64).lanes());
    assertEquals(4, new BatchPlan(new int[] {100, 100, 100, 100, 100, 100, 100, 100}, 256, 64)
        .lanes());
    assertEquals(8, new BatchPlan(new int[] {100, 100, 100, 100, 100, 100, 100, 100}, 512, 64)
        .lanes());
    assertEquals(1, new BatchPlan(new int[] {100, 100, 100}, 16, 64).lanes());
    assertThrows(IllegalArgumentException.class, () -> new BatchPlan(new int[] {5}, 2, 0));
  }

  @Test
  void withLanesAStepTouchesFewPartitionsAndEveryRowIsUsedOnce() {
    java.util.Random random = new java.util.Random(3);
    int[] rows = new int[300];
    for (int p = 0; p < rows.length; p++) {
      rows[p] = 180 + random.nextInt(40);
    }
    BatchPlan plan = new BatchPlan(rows, 256);
    assertEquals(4, plan.lanes());
    BatchPlan.Cursor cursor = plan.cursor();
    int[] last = new int[rows.length];
    long seen = 0;
    while (cursor.hasNext()) {
      BatchPlan.Slices s = cursor.next();
      assertArrayEquals(last, s.from(), "slices continue where the last step stopped");
      assertEquals(Math.min(256, plan.totalRows() - seen), s.rows(), "step " + s.step());
      int touched = 0;
      for (int p = 0; p < rows.length; p++) {
        touched += s.to()[p] > s.from()[p] ? 1 : 0;
      }
      assertTrue(touched >= 4 && touched <= 8, "step " + s.step() + " touched " + touched);
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
