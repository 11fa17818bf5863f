package org.minibatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The same documents at every width, hashed into ascending columns with their counts. */
class SyntheticDocumentsTest {
  @Test
  void theSameDocumentsAtEveryWidth() {
    SyntheticDocuments narrow = new SyntheticDocuments(1_000, 100, 10, 7);
    SyntheticDocuments wide = new SyntheticDocuments(10_000_000, 100, 10, 7);
    for (int r = 0; r < 50; r++) {
      SyntheticDocuments.Document a = narrow.document(r);
      SyntheticDocuments.Document b = wide.document(r);
      assertEquals(a.topic(), b.topic(), "row " + r);
      assertEquals(100, Arrays.stream(a.counts()).sum(), "every word counted, row " + r);
      assertEquals(100, Arrays.stream(b.counts()).sum(), "every word counted, row " + r);
      for (SyntheticDocuments.Document d : new SyntheticDocuments.Document[] {a, b}) {
        for (int k = 1; k < d.columns().length; k++) {
          assertTrue(d.columns()[k - 1] < d.columns()[k], "ascending, row " + r);
        }
      }
      assertTrue(a.columns()[a.columns().length - 1] < 1_000);
      assertTrue(a.columns().length <= b.columns().length, "fewer collisions when wider");
    }
    SyntheticDocuments.Document again = new SyntheticDocuments(10_000_000, 100, 10, 7)
        .document(3);
    assertArrayEquals(wide.document(3).columns(), again.columns(), "a function of seed and row");
    assertTrue(!Arrays.equals(wide.document(3).columns(),
        new SyntheticDocuments(10_000_000, 100, 10, 8).document(3).columns()), "another seed");
  }

  @Test
  void aRowHoldsTheCountsAtTheColumnsLabelledWithTheTopic() {
    SyntheticDocuments documents = new SyntheticDocuments(5_000, 30, 4, 1);
    SyntheticDocuments.Document d = documents.document(9);
    LabeledRow row = documents.row(9);
    assertTrue(row.isSparse());
    assertEquals(5_000, row.size());
    assertArrayEquals(d.columns(), row.indices());
    assertArrayEquals(Arrays.stream(d.counts()).asDoubleStream().toArray(), row.values(), 0);
    assertArrayEquals(new double[] {d.topic()}, row.targets(), 0);
  }

  @Test
  void rejectsShapesOutOfRange() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SyntheticDocuments(100, 10, 1, 1));
    assertEquals("features and words must be >= 1 and classes >= 2, got 100, 10, 1",
        e.getMessage());
  }
}
