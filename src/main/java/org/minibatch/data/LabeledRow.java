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
  /** A sparse row's columns (ascending) of {@code features}, its non-zeros; null if dense. */
  private final int[] indices;
  private final int size;
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
    this(features, null, features == null ? 0 : features.length, targets, weight);
  }

  private LabeledRow(double[] features, int[] indices, int size, double[] targets,
      double weight) {
    this.features = features;
    this.indices = indices;
    this.size = size;
    this.targets = targets;
    this.weight = weight;
  }

  /**
   * A row of {@code size} features of which only {@code values} at the columns {@code indices}
   * (0-based) are non-zero, as LIBSVM lines and Spark's {@code SparseVector} give them; the
   * columns are checked (ascending, within the size) when the rows are cached.
   */
  public static LabeledRow sparse(int size, int[] indices, double[] values, double[] targets,
      double weight) {
    if (indices.length != values.length) {
      throw new IllegalArgumentException(indices.length + " indices for " + values.length
          + " values");
    }
    return new LabeledRow(values, indices, size, targets, weight);
  }

  /** A classification row: features and a class index. */
  public static LabeledRow classified(double[] features, double label) {
    return new LabeledRow(features, new double[] {label});
  }

  /** A dense row's features; a sparse row has {@link #values} at {@link #indices} instead. */
  public double[] features() {
    if (indices != null) {
      throw new IllegalStateException("a sparse row's features are values() at indices()");
    }
    return features;
  }

  /** Whether the row holds its non-zeros only ({@link #sparse}). */
  public boolean isSparse() {
    return indices != null;
  }

  /** The feature count: the dense array's length, or a sparse row's size. */
  public int size() {
    return size;
  }

  /** A sparse row's non-zero values (a dense row's features). */
  public double[] values() {
    return features;
  }

  /** A sparse row's columns of its values, or null for a dense row. */
  public int[] indices() {
    return indices;
  }

  public double[] targets() {
    return targets;
  }

  public double weight() {
    return weight;
  }
}
