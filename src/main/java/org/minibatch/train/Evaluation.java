package org.minibatch.train;

import java.io.Serializable;

/** Mean loss and (for classifiers, else NaN) accuracy over {@code rows} rows. */
public record Evaluation(double loss, double accuracy, long rows) implements Serializable {}
