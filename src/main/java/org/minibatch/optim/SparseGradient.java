package org.minibatch.optim;

import org.minibatch.util.VectorMath;

/**
 * A gradient that is zero except at some parameters, as a batch of sparse rows gives it (its
 * first layer's weights at the columns present, and the layers above): the indices, ascending,
 * and their values. {@link #norm} gives the bits {@link VectorMath#norm} gives on the dense
 * array, and an update rule for which a zero gradient changes nothing ({@link Sgd},
 * {@link Adagrad}) updates only these parameters, with the bits of its dense update.
 */
public final class SparseGradient {
  private final int size;
  private final int[] indices;
  private final double[] values;

  /**
   * @param size the parameter count
   * @param indices where the values are, strictly ascending in [0, size) (checked: a split
   *     update relies on it)
   */
  public SparseGradient(int size, int[] indices, double[] values) {
    this(size, indices, values, true);
  }

  private SparseGradient(int size, int[] indices, double[] values, boolean check) {
    if (indices.length != values.length) {
      throw new IllegalArgumentException(indices.length + " indices for " + values.length
          + " values");
    }
    for (int k = 0; check && k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= size || (k > 0 && indices[k] <= indices[k - 1])) {
        throw new IllegalArgumentException("indices must be strictly ascending in [0, " + size
            + "), got " + indices[k] + " at " + k + (k > 0 ? " after " + indices[k - 1] : ""));
      }
    }
    this.size = size;
    this.indices = indices;
    this.values = values;
  }

  /**
   * A gradient at {@code indices} that its maker built strictly ascending in [0, size), as a
   * sparse batch's columns give them ({@code train.FirstLayerColumns}), not checked again: the
   * check would be a pass over a few hundred thousand indices every step (its cost:
   * BENCHMARKS.md, "Sparse data").
   */
  public static SparseGradient ofAscending(int size, int[] indices, double[] values) {
    return new SparseGradient(size, indices, values, false);
  }

  public int size() {
    return size;
  }

  /** The parameters that have a value, ascending (not a copy). */
  public int[] indices() {
    return indices;
  }

  /** Their values (not a copy). */
  public double[] values() {
    return values;
  }

  /**
   * The Euclidean norm, summed as {@link VectorMath#norm} sums the dense array (four running
   * sums by index mod 4, the tail in the first): the zeros it skips add nothing to any of them.
   */
  public double norm() {
    double[] s = new double[4];
    int body = size - size % 4;
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      s[i < body ? i & 3 : 0] += values[k] * values[k];
    }
    return Math.sqrt((s[0] + s[1]) + (s[2] + s[3]));
  }

  /** The dense array (tests, and rules without a sparse update). */
  public double[] toDense() {
    double[] dense = new double[size];
    for (int k = 0; k < indices.length; k++) {
      dense[indices[k]] = values[k];
    }
    return dense;
  }
}
