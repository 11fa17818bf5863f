package org.minibatch.train;

/**
 * The weights before the latest update, for a run that diverges on the next step. Before a
 * dense update the whole array is copied; before a sparse one (a few thousand columns of a
 * 1M-input first layer) only the parameters the previous update changed are brought up to
 * date, since the copy already holds every other one.
 */
final class LastGood {
  private final double[] copy;
  /** The parameters the latest update changed, or null when it was dense (or none yet). */
  private int[] changed;
  private boolean dense = true;

  /** Starts at {@code params} (copied), the weights before any update. */
  LastGood(double[] params) {
    this.copy = params.clone();
    this.dense = false;
    this.changed = new int[0];
  }

  /** Records the weights before a dense update of {@code params}. */
  void beforeUpdate(double[] params) {
    System.arraycopy(params, 0, copy, 0, params.length);
    dense = true;
    changed = null;
  }

  /** Records the weights before an update of {@code params} at {@code indices} only. */
  void beforeUpdate(double[] params, int[] indices) {
    if (dense) {
      System.arraycopy(params, 0, copy, 0, params.length);
    } else {
      for (int i : changed) {
        copy[i] = params[i];
      }
    }
    dense = false;
    changed = indices;
  }

  /** The weights before the latest update (a new array). */
  double[] weights() {
    return copy.clone();
  }
}
