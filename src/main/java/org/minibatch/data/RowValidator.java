package org.minibatch.data;

import java.io.Serializable;
import org.minibatch.nn.Loss;
import org.minibatch.nn.NetworkSpec;

/**
 * Checks each row once, before training, against what the network needs, and narrows it to the
 * float32 of the cached blocks: the feature count, finite values that fit in float32, and targets
 * of the right shape (a class index in 0..k-1 for softmax, values in [0, 1] for bce, finite
 * values for mse). An error names the row (its 0-based position in the data), the column and the
 * expectation; nothing is clamped or dropped.
 */
public final class RowValidator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int features;
  private final int outputs;
  private final Loss loss;
  private final int targetWidth;

  public RowValidator(NetworkSpec spec) {
    this.features = spec.inputs();
    this.outputs = spec.outputs();
    this.loss = spec.loss();
    this.targetWidth = spec.targetWidth();
  }

  public int featureCount() {
    return features;
  }

  public int targetWidth() {
    return targetWidth;
  }

  /** Validated float32 copies of the row's features, written at {@code out[offset...]}. */
  public void features(double[] values, long row, float[] out, int offset) {
    if (values.length != features) {
      throw new InvalidDataException("row " + row + ": has " + values.length + " features,"
          + " expected " + features);
    }
    // One call-free pass, and a second with the messages only if it found a bad value: the
    // check runs for every value of every row, often before the JIT has compiled it.
    boolean bad = false;
    for (int j = 0; j < features; j++) {
      float f = (float) values[j];
      out[offset + j] = f;
      bad |= f - f != 0; // true for NaN and both infinities, of the double or of its narrowing
    }
    if (bad) {
      for (int j = 0; j < features; j++) {
        narrow(values[j], row, "feature ", j);
      }
    }
  }

  /**
   * A sparse row's non-zeros checked (size, columns ascending within it, finite float32
   * values) and narrowed into {@code outValues}; the columns are the row's own array.
   */
  public void sparseFeatures(int size, int[] indices, double[] values, long row,
      float[] outValues) {
    if (size != features) {
      throw new InvalidDataException("row " + row + ": has " + size + " features, expected "
          + features);
    }
    int previous = -1;
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] <= previous || indices[i] >= features) {
        throw new InvalidDataException("row " + row + ": feature index " + indices[i]
            + (indices[i] >= features ? " is outside 0.." + (features - 1)
            : " comes after index " + previous + "; indices must ascend"));
      }
      previous = indices[i];
      outValues[i] = narrow(values[i], row, "feature ", indices[i]);
    }
  }

  /** Validated float32 copies of the row's targets, written at {@code out[offset...]}. */
  public void targets(double[] values, long row, float[] out, int offset) {
    if (values.length != targetWidth) {
      throw new InvalidDataException("row " + row + ": has " + values.length + " target values,"
          + " expected " + targetWidth + (loss == Loss.CROSS_ENTROPY ? " (the class index)"
          : " (one per output)"));
    }
    if (loss == Loss.CROSS_ENTROPY) {
      double label = values[0];
      if (!(label >= 0 && label < outputs && label == Math.rint(label))) {
        throw new InvalidDataException("row " + row + ": label " + label
            + " is not a class index: expected an integer in 0.." + (outputs - 1));
      }
      out[offset] = (float) label;
      return;
    }
    for (int j = 0; j < targetWidth; j++) {
      double v = values[j];
      if (loss == Loss.BINARY_CROSS_ENTROPY && !(v >= 0 && v <= 1)) {
        throw new InvalidDataException("row " + row + ", target " + j + ": " + v
            + " is not a probability: binary cross-entropy needs values in [0, 1]");
      }
      out[offset + j] = narrow(v, row, "target ", j);
    }
  }

  /** The column is named only when there is an error: naming it for every value cost seconds. */
  private static float narrow(double v, long row, String kind, int index) {
    if (!Double.isFinite(v)) {
      throw new InvalidDataException("row " + row + ", " + kind + index + ": " + v
          + " is not a finite number");
    }
    float f = (float) v;
    if (Float.isInfinite(f)) {
      throw new InvalidDataException("row " + row + ", " + kind + index + ": " + v
          + " is outside the float32 range (|x| <= 3.4e38) of the cached data");
    }
    return f;
  }

  /** A row's weight as stored: finite and >= 0, else an error naming the row. */
  public float weight(double weight, long row) {
    float narrowed = (float) weight;
    if (!(weight >= 0) || Float.isInfinite(narrowed)) {
      throw new InvalidDataException("row " + row + ": weight " + weight + " must be a finite"
          + " number >= 0");
    }
    return narrowed;
  }
}
