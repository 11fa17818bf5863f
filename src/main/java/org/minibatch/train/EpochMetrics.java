package org.minibatch.train;

import java.io.Serializable;

/**
 * Metrics of one epoch: the last step, mean mini-batch training loss over the epoch, validation
 * loss and accuracy (NaN when there is no validation set, accuracy NaN for regression), seconds
 * since training started, and whether the epoch ran to its end (false when a criterion stopped
 * training within it).
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double validationLoss,
    double validationAccuracy, double seconds, boolean complete) implements Serializable {}
