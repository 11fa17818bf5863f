package org.minibatch.data;

import java.io.Serializable;

/**
 * One example before validation: its features and its targets (for a classifier, one value, the
 * class index; for regression or multi-label, one value per output).
 */
public record LabeledRow(double[] features, double[] targets) implements Serializable {

  /** A classification row: features and a class index. */
  public static LabeledRow classified(double[] features, double label) {
    return new LabeledRow(features, new double[] {label});
  }
}
