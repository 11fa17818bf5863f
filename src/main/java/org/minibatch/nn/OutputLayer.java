package org.minibatch.nn;

import java.util.Locale;

/**
 * What the last layer does to its logits z. The loss is always computed from the logits (see
 * {@link Loss}), so this is only used to turn logits into predictions.
 */
public enum OutputLayer {
  /** Regression: yhat = z. */
  IDENTITY,
  /** Independent probabilities (binary or multi-label): yhat_k = sigmoid(z_k). */
  SIGMOID,
  /** Class probabilities: p_k = exp(z_k) / sum_j exp(z_j); needs at least 2 outputs. */
  SOFTMAX;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The loss used when a network spec names none. */
  public Loss defaultLoss() {
    return switch (this) {
      case IDENTITY -> Loss.MSE;
      case SIGMOID -> Loss.BINARY_CROSS_ENTROPY;
      case SOFTMAX -> Loss.CROSS_ENTROPY;
    };
  }

  /** Turns logits z[off, off+k) into outputs in place. */
  public void applyInPlace(double[] z, int off, int k) {
    switch (this) {
      case IDENTITY -> { }
      case SIGMOID -> {
        for (int i = off; i < off + k; i++) {
          z[i] = Activation.sigmoid(z[i]);
        }
      }
      case SOFTMAX -> {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = off; i < off + k; i++) {
          max = Math.max(max, z[i]);
        }
        double sum = 0;
        for (int i = off; i < off + k; i++) {
          z[i] = Math.exp(z[i] - max);
          sum += z[i];
        }
        for (int i = off; i < off + k; i++) {
          z[i] /= sum;
        }
      }
    }
  }
}
