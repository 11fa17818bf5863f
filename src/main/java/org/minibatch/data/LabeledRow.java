package org.minibatch.data;

import java.io.Serializable;

/**
 * One example before validation: its features and its targets (for a classifier, one value, the
 * class index; for regression or multi-label, one value per output).
 *
 * <p>A final class, not a record: rows travel through Spark's serializer, and Kryo (a common
 * {@code spark.serializer}) cannot build records.
 */
public final class LabeledRow implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] features;
  private final double[] targets;
  private final double weight;

  public LabeledRow(double[] features, double[] targets) {
    this(features, targets, 1);
  }

  /**
   * A row that counts {@code weight} times in the loss (Spark's {@code weightCol}); checked
   * when the rows are cached, as the features are.
   */
  public LabeledRow(double[] features, double[] targets, double weight) {
    this.features = features;
    this.targets = targets;
    this.weight = weight;
  }

  /** A classification row: features and a class index. */
  public static LabeledRow classified(double[] features, double label) {
    return new LabeledRow(features, new double[] {label});
  }

  public double[] features() {
    return features;
  }

  public double[] targets() {
    return targets;
  }

  public double weight() {
    return weight;
  }
}
