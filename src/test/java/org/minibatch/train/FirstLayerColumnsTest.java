package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gradients of sparse batches sent as their first-layer columns only: summed, they give the
 * bits the dense gradients (zeros at the absent columns) give, on both of GradientSum's routes
 * and in both precisions, with the first layer stored by hidden unit or by input column.
 */
class FirstLayerColumnsTest {
  /** A 12-input, 3-hidden first layer at offset 0 (36 weights, 3 biases), then 3-2 above. */
  static final int INPUTS = 12;
  static final int HIDDEN = 3;
  static final int SIZE = INPUTS * HIDDEN + HIDDEN + HIDDEN * 2 + 2;

  /** Where W[o, c] is: by input column ({@code byInput}) or by hidden unit. */
  static int weight(int c, int o, boolean byInput) {
    return byInput ? c * HIDDEN + o : o * INPUTS + c;
  }

  static FirstLayerColumns held(int[] columns, boolean byInput) {
    return new FirstLayerColumns(columns, 0, INPUTS, HIDDEN, SIZE, byInput);
  }

  /** Partition p's gradient: non-zero first-layer weights only at its columns. */
  static double[] gradient(int[] columns, Random random, boolean byInput) {
    double[] g = new double[SIZE];
    for (int c : columns) {
      for (int o = 0; o < HIDDEN; o++) {
        g[weight(c, o, byInput)] = random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4);
      }
    }
    for (int i = INPUTS * HIDDEN; i < SIZE; i++) {
      g[i] = random.nextGaussian();
    }
    return g;
  }

  static int[] columns(int partition) {
    return switch (partition % 3) {
      case 0 -> new int[] {0, 5, 11};
      case 1 -> new int[] {2, 5};
      default -> new int[] {};
    };
  }

  /**
   * Partition p's sums of 3 rows of total weight 2.5, as computed (float32 or float64), sent as
   * its columns or dense.
   */
  private static GradientSum partial(int p, Random random, boolean floats, boolean sparse,
      boolean byInput) {
    int[] cols = columns(p);
    double[] g = gradient(cols, random, byInput);
    FirstLayerColumns held = held(cols, byInput);
    if (!floats) {
      return sparse ? GradientSum.ofColumns(p, held.gather(g), held, 1, 3, 2.5)
          : GradientSum.of(p, g, 1, 3, 2.5);
    }
    float[] f = toFloat(g);
    return sparse ? GradientSum.ofColumns(p, toFloat(held.gather(g)), held, 1, 3, 2.5)
        : GradientSum.of(p, f, 1, 3, 2.5);
  }

  private static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  private static double[] total(int partitions, boolean sparse, boolean floats,
      BinaryOperator<GradientSum> merge, boolean byInput) {
    Random random = new Random(7);
    GradientSum sum = null;
    for (int p = partitions - 1; p >= 0; p--) {
      sum = merge.apply(sum, partial(p, random, floats, sparse, byInput));
    }
    double[] out = new double[SIZE];
    sum.totals(out);
    return out;
  }

  @ParameterizedTest(name = "by input {0}")
  @ValueSource(booleans = {false, true})
  void columnPartialsSumToTheDenseBitsOnBothRoutes(boolean byInput) {
    for (boolean floats : new boolean[] {false, true}) {
      assertArrayEquals(total(9, false, floats, GradientSum::merge, byInput),
          total(9, true, floats, GradientSum::merge, byInput), 0, "listed, floats " + floats);
      assertArrayEquals(total(40, false, floats, GradientSum::merge, byInput),
          total(40, true, floats, GradientSum::merge, byInput), 0,
          "past 16 partials, floats " + floats);
      assertArrayEquals(total(9, false, floats, GradientSum::mergeExact, byInput),
          total(9, true, floats, GradientSum::mergeExact, byInput), 0, "exact, floats " + floats);
    }
  }

  /** The mean from {@link GradientSum#meanSparse}, scattered into a dense array. */
  private static double[] sparseMean(int partitions, boolean floats,
      BinaryOperator<GradientSum> merge, boolean[] wasSparse, boolean byInput) {
    Random random = new Random(11);
    GradientSum sum = null;
    for (int p = partitions - 1; p >= 0; p--) {
      sum = merge.apply(sum, partial(p, random, floats, true, byInput));
    }
    org.minibatch.optim.SparseGradient mean = sum.meanSparse();
    wasSparse[0] = mean != null;
    int[] at = mean.indices();
    for (int k = 1; k < at.length; k++) {
      assertTrue(at[k - 1] < at[k], "indices ascending");
    }
    double[] dense = new double[SIZE];
    sum.meanGradient(dense);
    assertArrayEquals(dense, mean.toDense(), 0, "the dense mean's bits");
    assertEquals(org.minibatch.util.VectorMath.norm(dense), mean.norm(), 0);
    return dense;
  }

  @ParameterizedTest(name = "by input {0}")
  @ValueSource(booleans = {false, true})
  void theSparseMeanHasTheDenseMeansBitsListedAndExact(boolean byInput) {
    boolean[] sparse = {false};
    for (boolean floats : new boolean[] {false, true}) {
      sparseMean(9, floats, GradientSum::merge, sparse, byInput);
      assertTrue(sparse[0]);
      sparseMean(40, floats, GradientSum::merge, sparse, byInput);
      sparseMean(9, floats, GradientSum::mergeExact, sparse, byInput);
    }
    // a dense partial among them: no sparse mean
    FirstLayerColumns one = held(new int[] {1}, byInput);
    GradientSum mixed = GradientSum.merge(GradientSum.ofColumns(0,
        one.gather(new double[SIZE]), one, 0, 1, 1),
        GradientSum.of(1, new double[SIZE], 0, 1));
    assertEquals(null, mixed.meanSparse());
    assertEquals(null, GradientSum.mergeExact(mixed, null).meanSparse());
  }

  @Test
  void unionsMergeAscendingColumnsOnce() {
    FirstLayerColumns a = held(new int[] {0, 3, 7}, false);
    FirstLayerColumns b = held(new int[] {3, 4, 11}, false);
    assertArrayEquals(new int[] {0, 3, 4, 7, 11}, FirstLayerColumns.union(a, b).columns());
    assertEquals(null, FirstLayerColumns.union(a, null));
    assertEquals(null, FirstLayerColumns.union(a,
        new FirstLayerColumns(new int[] {1}, 0, INPUTS, HIDDEN + 1, SIZE + INPUTS, false)));
    assertEquals(null, FirstLayerColumns.union(a, held(new int[] {1}, true)), "other layout");
  }

  @Test
  void parameterIndicesFollowTheLayout() {
    int w = INPUTS * HIDDEN;
    int[] rest = java.util.stream.IntStream.range(w, SIZE).toArray();
    int[] byUnit = {1, 4, 13, 16, 25, 28};
    int[] byInput = {3, 4, 5, 12, 13, 14};
    assertArrayEquals(java.util.stream.IntStream.concat(java.util.Arrays.stream(byUnit),
        java.util.Arrays.stream(rest)).toArray(), held(new int[] {1, 4}, false)
        .parameterIndices());
    assertArrayEquals(java.util.stream.IntStream.concat(java.util.Arrays.stream(byInput),
        java.util.Arrays.stream(rest)).toArray(), held(new int[] {1, 4}, true)
        .parameterIndices());
  }

  @ParameterizedTest(name = "by input {0}")
  @ValueSource(booleans = {false, true})
  void valuesByColumnAndTheRestAreWhatGatherTakesFromTheFlatGradient(boolean byInput) {
    double[] g = gradient(new int[] {1, 4}, new Random(8), byInput);
    FirstLayerColumns held = held(new int[] {1, 4}, byInput);
    double[] byColumn = new double[2 * HIDDEN];
    for (int o = 0; o < HIDDEN; o++) {
      byColumn[o] = g[weight(1, o, byInput)];
      byColumn[HIDDEN + o] = g[weight(4, o, byInput)];
    }
    double[] rest = java.util.Arrays.copyOfRange(g, INPUTS * HIDDEN, SIZE);
    assertArrayEquals(held.gather(g), held.values(byColumn, rest), 0);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> GradientSum.ofColumns(0, new double[3], held, 0,
            1, 1));
    assertEquals("3 gradient values for 2 columns of 3 weights and 11 other parameters",
        e.getMessage());
  }

  @Test
  void heldValuesAreTheColumnsThenTheRest() {
    double[] g = gradient(new int[] {1, 4}, new Random(3), false);
    FirstLayerColumns held = held(new int[] {1, 4}, false);
    double[] values = held.gather(g);
    assertEquals(2 * HIDDEN + SIZE - INPUTS * HIDDEN, values.length);
    assertEquals(held.values(), values.length);
    assertEquals(g[INPUTS + 1], values[1], 0); // column 1, hidden unit 1
    assertEquals(g[2 * INPUTS + 4], values[HIDDEN + 2], 0); // column 4, hidden unit 2
    assertEquals(g[INPUTS * HIDDEN], values[2 * HIDDEN], 0); // the first bias
  }
}
