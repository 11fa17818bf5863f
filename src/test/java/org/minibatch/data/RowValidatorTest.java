package org.minibatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.minibatch.nn.NetworkSpec;

class RowValidatorTest {
  private final RowValidator validator = new RowValidator(
      NetworkSpec.parse("3-2-4 relu softmax"));

  private String problem(double... features) {
    return assertThrows(InvalidDataException.class,
        () -> validator.features(features, 12, new float[3], 0)).getMessage();
  }

  @Test
  void featuresAreNarrowedToFloat32AtTheirOffset() {
    float[] out = new float[5];
    validator.features(new double[] {0.1, -3e38, 1.0 / 255}, 12, out, 2);
    assertArrayEquals(new float[] {0, 0, 0.1f, -3e38f, (float) (1.0 / 255)}, out);
  }

  @Test
  void everyKindOfBadValueIsNamedWithRowAndColumn() {
    assertEquals("row 12, feature 1: NaN is not a finite number", problem(0, Double.NaN, 1));
    assertEquals("row 12, feature 2: -Infinity is not a finite number",
        problem(0, 1, Double.NEGATIVE_INFINITY));
    assertEquals("row 12, feature 0: 1.0E39 is outside the float32 range (|x| <= 3.4e38) of"
        + " the cached data", problem(1e39, 1, 2));
    assertEquals("row 12, feature 1: -4.0E38 is outside the float32 range (|x| <= 3.4e38) of"
        + " the cached data", problem(1, -4e38, Double.NaN));
    assertEquals("row 12: has 2 features, expected 3", problem(1, 2));
  }

  @Test
  void sparseRowsAreCheckedAgainstTheirSizeIndicesAndValues() {
    float[] out = new float[2];
    validator.sparseFeatures(3, new int[] {0, 2}, new double[] {0.5, -2}, 9, out);
    assertArrayEquals(new float[] {0.5f, -2f}, out);
    assertEquals("row 9: has 4 features, expected 3", sparseProblem(4, new int[] {0},
        new double[] {1}));
    assertEquals("row 9: feature index 1 comes after index 2; indices must ascend",
        sparseProblem(3, new int[] {2, 1}, new double[] {1, 1}));
    assertEquals("row 9: feature index 3 is outside 0..2", sparseProblem(3, new int[] {3},
        new double[] {1}));
    assertEquals("row 9, feature 2: NaN is not a finite number", sparseProblem(3,
        new int[] {0, 2}, new double[] {1, Double.NaN}));
  }

  private String sparseProblem(int size, int[] indices, double[] values) {
    return assertThrows(InvalidDataException.class, () -> validator.sparseFeatures(size,
        indices, values, 9, new float[indices.length])).getMessage();
  }

  @Test
  void labelsMustBeClassIndices() {
    float[] out = new float[1];
    validator.targets(new double[] {3}, 4, out, 0);
    assertEquals(3f, out[0]);
    assertEquals("row 4: label 4.0 is not a class index: expected an integer in 0..3",
        assertThrows(InvalidDataException.class,
            () -> validator.targets(new double[] {4}, 4, out, 0)).getMessage());
    assertEquals("row 4: label 1.5 is not a class index: expected an integer in 0..3",
        assertThrows(InvalidDataException.class,
            () -> validator.targets(new double[] {1.5}, 4, out, 0)).getMessage());
  }
}
