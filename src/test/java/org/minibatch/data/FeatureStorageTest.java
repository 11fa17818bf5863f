package org.minibatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** data.sparse: its values, and auto's choice from the density of sample rows. */
class FeatureStorageTest {
  /** A sparse row of {@code size} features with {@code nonZeros} of them set. */
  static LabeledRow sparse(int size, int nonZeros) {
    int[] indices = new int[nonZeros];
    double[] values = new double[nonZeros];
    for (int i = 0; i < nonZeros; i++) {
      indices[i] = i;
      values[i] = 1;
    }
    return LabeledRow.sparse(size, indices, values, new double[] {0}, 1);
  }

  @Test
  void keyValuesParseAndPrint() {
    assertEquals(FeatureStorage.AUTO, FeatureStorage.parse("auto"));
    assertEquals(FeatureStorage.SPARSE, FeatureStorage.parse(" TRUE "));
    assertEquals(FeatureStorage.DENSE, FeatureStorage.parse("false"));
    for (FeatureStorage s : FeatureStorage.values()) {
      assertEquals(s, FeatureStorage.parse(s.keyValue()));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureStorage.parse("csr"));
    assertEquals("data.sparse must be auto, true or false, got 'csr'", e.getMessage());
  }

  @Test
  void autoStoresCsrAtATenthOfTheFeaturesOrFewer() {
    // 2 rows of 2000 features: 400 non-zeros in all is exactly 10%
    assertEquals(FeatureStorage.SPARSE, FeatureStorage.AUTO.resolve(
        List.of(sparse(2000, 150), sparse(2000, 250))));
    assertEquals(FeatureStorage.DENSE, FeatureStorage.AUTO.resolve(
        List.of(sparse(2000, 150), sparse(2000, 251))));
    // dense rows count their non-zero values
    double[] mostlyZero = new double[2000];
    mostlyZero[7] = 3;
    assertEquals(FeatureStorage.SPARSE, FeatureStorage.AUTO.resolve(
        List.of(new LabeledRow(mostlyZero, new double[] {1}))));
    assertEquals(FeatureStorage.DENSE, FeatureStorage.AUTO.resolve(List.of()));
    assertEquals(FeatureStorage.DENSE, FeatureStorage.DENSE.resolve(List.of(sparse(2000, 1))));
    assertEquals(FeatureStorage.SPARSE, FeatureStorage.SPARSE.resolve(List.of()));
  }

  @Test
  void onlyAutoOnWideDataLooksAtRows() {
    assertTrue(FeatureStorage.AUTO.needsSample(FeatureStorage.AUTO_MIN_FEATURES));
    assertFalse(FeatureStorage.AUTO.needsSample(FeatureStorage.AUTO_MIN_FEATURES - 1));
    assertFalse(FeatureStorage.SPARSE.needsSample(1 << 20));
  }
}
