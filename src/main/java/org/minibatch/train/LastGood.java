package org.minibatch.train;

import org.minibatch.util.ParallelRanges;

/**
 * The weights before the latest update, for a run that diverges on the next step. Before a
 * dense update the whole array is copied. Before a sparse one (a few thousand columns of a
 * 10M-input first layer) only the values about to change are kept, with their indices: an undo
 * record rather than a second copy of the weights, so a sparse run holds no array the size of
 * its network here. The sparse update fills the record as it goes, so each column of a wide
 * first layer is fetched once.
 */
final class LastGood {
  /** The weights before the latest dense update; null until there is one. */
  private double[] copy;
  /** The parameters the latest recorded update changed: null when it was dense. */
  private int[] changed;
  /** Their values before it. */
  private double[] before = new double[0];
  /** Whether an update was recorded: false in a fresh run, and in a resumed one before its first. */
  private boolean recorded;

  /** Records the weights before a dense update of {@code params}. */
  void beforeUpdate(double[] params) {
    if (copy == null) {
      copy = new double[params.length];
    }
    double[] into = copy;
    // shared among threads only when large, as GradientSum's totals are
    ParallelRanges.forEach(params.length, 1 << 18,
        (from, to) -> System.arraycopy(params, from, into, from, to - from));
    changed = null;
    recorded = true;
  }

  /**
   * The record for an update at {@code indices} only, for the update to fill with their values
   * before it ({@link org.minibatch.optim.Optimizer#step(double[],
   * org.minibatch.optim.SparseGradient, double, double[])}): at least {@code indices.length}
   * long, {@code before[k]} for parameter {@code indices[k]}.
   */
  double[] sparseRecord(int[] indices) {
    if (before.length < indices.length) {
      before = new double[Math.max(indices.length, 2 * before.length)];
    }
    changed = indices;
    recorded = true;
    return before;
  }

  /** Whether {@link #weights} undoes an update (else it gives the weights as they are). */
  boolean recorded() {
    return recorded;
  }

  /**
   * The weights before the latest recorded update of {@code params} (a new array): the weights
   * themselves when none was recorded.
   */
  double[] weights(double[] params) {
    if (!recorded) {
      return params.clone();
    }
    if (changed == null) {
      return copy.clone();
    }
    double[] out = params.clone();
    for (int k = 0; k < changed.length; k++) {
      out[changed[k]] = before[k];
    }
    return out;
  }
}
