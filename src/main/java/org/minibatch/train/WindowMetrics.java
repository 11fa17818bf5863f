package org.minibatch.train;

import java.io.Serializable;

/**
 * Metrics of one logging window (a run of steps within one epoch): the step and epoch it ended
 * at, mean mini-batch loss, the learning rate of its last step, mean gradient norm, seconds since
 * training started, rows seen in the window, and, for the window that ends an epoch when there is
 * a validation set, validation loss and accuracy (NaN otherwise).
 */
public record WindowMetrics(long step, int epoch, double loss, double learningRate,
    double gradNorm, double seconds, long rows, double validationLoss,
    double validationAccuracy) implements Serializable {

  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }
}
