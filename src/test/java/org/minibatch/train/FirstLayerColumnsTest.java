package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients of sparse batches sent as their first-layer columns only: summed, they give the
 * bits the dense gradients (zeros at the absent columns) give, on both of GradientSum's routes
 * and in both precisions; and clearing leaves the buffer all zero.
 */
class FirstLayerColumnsTest {
  /** A 12-input, 3-hidden first layer at offset 0 (36 weights, 3 biases), then 3-2 above. */
  static final int INPUTS = 12;
  static final int HIDDEN = 3;
  static final int SIZE = INPUTS * HIDDEN + HIDDEN + HIDDEN * 2 + 2;

  /** Partition p's gradient: non-zero first-layer weights only at its columns. */
  static double[] gradient(int[] columns, Random random) {
    double[] g = new double[SIZE];
    for (int c : columns) {
      for (int o = 0; o < HIDDEN; o++) {
        g[o * INPUTS + c] = random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4);
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
  private static GradientSum partial(int p, Random random, boolean floats, boolean sparse) {
    int[] cols = columns(p);
    double[] g = gradient(cols, random);
    FirstLayerColumns held = new FirstLayerColumns(cols, 0, INPUTS, HIDDEN, SIZE);
    if (!floats) {
      return sparse ? GradientSum.ofColumns(p, held.gather(g), held, 1, 3, 2.5)
          : GradientSum.of(p, g, 1, 3, 2.5);
    }
    float[] f = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      f[i] = (float) g[i];
    }
    return sparse ? GradientSum.ofColumns(p, held.gather(f), held, 1, 3, 2.5)
        : GradientSum.of(p, f, 1, 3, 2.5);
  }

  private static double[] total(int partitions, boolean sparse, boolean floats,
      BinaryOperator<GradientSum> merge) {
    Random random = new Random(7);
    GradientSum sum = null;
    for (int p = partitions - 1; p >= 0; p--) {
      sum = merge.apply(sum, partial(p, random, floats, sparse));
    }
    double[] out = new double[SIZE];
    sum.totals(out);
    return out;
  }

  @Test
  void columnPartialsSumToTheDenseBitsOnBothRoutes() {
    for (boolean floats : new boolean[] {false, true}) {
      assertArrayEquals(total(9, false, floats, GradientSum::merge),
          total(9, true, floats, GradientSum::merge), 0, "listed, floats " + floats);
      assertArrayEquals(total(40, false, floats, GradientSum::merge),
          total(40, true, floats, GradientSum::merge), 0, "past 16 partials, floats " + floats);
      assertArrayEquals(total(9, false, floats, GradientSum::mergeExact),
          total(9, true, floats, GradientSum::mergeExact), 0, "exact, floats " + floats);
    }
  }

  /** The mean from {@link GradientSum#meanSparse}, scattered into a dense array. */
  private static double[] sparseMean(int partitions, boolean floats,
      BinaryOperator<GradientSum> merge, boolean[] wasSparse) {
    Random random = new Random(11);
    GradientSum sum = null;
    for (int p = partitions - 1; p >= 0; p--) {
      sum = merge.apply(sum, partial(p, random, floats, true));
    }
    org.minibatch.optim.SparseGradient mean = sum.meanSparse();
    wasSparse[0] = mean != null;
    double[] dense = new double[SIZE];
    sum.meanGradient(dense);
    assertArrayEquals(dense, mean.toDense(), 0, "the dense mean's bits");
    assertEquals(org.minibatch.util.VectorMath.norm(dense), mean.norm(), 0);
    return dense;
  }

  @Test
  void theSparseMeanHasTheDenseMeansBitsListedAndExact() {
    boolean[] sparse = {false};
    for (boolean floats : new boolean[] {false, true}) {
      sparseMean(9, floats, GradientSum::merge, sparse);
      assertTrue(sparse[0]);
      sparseMean(40, floats, GradientSum::merge, sparse);
      sparseMean(9, floats, GradientSum::mergeExact, sparse);
    }
    // a dense partial among them: no sparse mean
    FirstLayerColumns one = new FirstLayerColumns(new int[] {1}, 0, INPUTS, HIDDEN, SIZE);
    GradientSum mixed = GradientSum.merge(GradientSum.ofColumns(0,
        one.gather(new double[SIZE]), one, 0, 1, 1),
        GradientSum.of(1, new double[SIZE], 0, 1));
    assertEquals(null, mixed.meanSparse());
    assertEquals(null, GradientSum.mergeExact(mixed, null).meanSparse());
  }

  @Test
  void unionsMergeAscendingColumnsOnce() {
    FirstLayerColumns a = new FirstLayerColumns(new int[] {0, 3, 7}, 0, INPUTS, HIDDEN, SIZE);
    FirstLayerColumns b = new FirstLayerColumns(new int[] {3, 4, 11}, 0, INPUTS, HIDDEN, SIZE);
    assertArrayEquals(new int[] {0, 3, 4, 7, 11}, FirstLayerColumns.union(a, b).columns());
    assertEquals(null, FirstLayerColumns.union(a, null));
    assertEquals(null, FirstLayerColumns.union(a,
        new FirstLayerColumns(new int[] {1}, 0, INPUTS, HIDDEN + 1, SIZE + INPUTS)));
  }

  @Test
  void valuesByColumnAndTheRestAreWhatGatherTakesFromTheFlatGradient() {
    double[] g = gradient(new int[] {1, 4}, new Random(8));
    FirstLayerColumns held = new FirstLayerColumns(new int[] {1, 4}, 0, INPUTS, HIDDEN, SIZE);
    double[] byColumn = new double[2 * HIDDEN];
    for (int o = 0; o < HIDDEN; o++) {
      byColumn[o] = g[o * INPUTS + 1];
      byColumn[HIDDEN + o] = g[o * INPUTS + 4];
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
    double[] g = gradient(new int[] {1, 4}, new Random(3));
    FirstLayerColumns held = new FirstLayerColumns(new int[] {1, 4}, 0, INPUTS, HIDDEN, SIZE);
    double[] values = held.gather(g);
    assertEquals(2 * HIDDEN + SIZE - INPUTS * HIDDEN, values.length);
    assertEquals(held.values(), values.length);
    assertEquals(g[INPUTS + 1], values[1], 0); // column 1, hidden unit 1
    assertEquals(g[2 * INPUTS + 4], values[HIDDEN + 2], 0); // column 4, hidden unit 2
    assertEquals(g[INPUTS * HIDDEN], values[2 * HIDDEN], 0); // the first bias
  }
}
