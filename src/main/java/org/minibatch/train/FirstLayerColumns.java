package org.minibatch.train;

import java.io.Serializable;

/**
 * A gradient whose first-layer weights are non-zero only at some input columns, as a batch of
 * sparse rows leaves it: those columns' values, then every other parameter (the first layer's
 * biases and the layers above) in order. For a batch of 256 rows with 90 non-zeros each at 1M
 * inputs and 16 hidden units, that is under 0.4M values instead of 16M, so a partition ships and
 * packs a fraction of the dense gradient and clears only what it wrote.
 *
 * <p>The first layer's weights W (n_out x n_in, row-major) start at {@code start} in the flat
 * parameters; column j holds W[o, j] at {@code start + o n_in + j}. Not a record: it travels with
 * the gradient sums under {@code spark.serializer}, and Kryo cannot build records.
 */
public final class FirstLayerColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] columns;
  private final int start;
  private final int inputs;
  private final int outputs;
  private final int size;

  /**
   * @param columns the columns present, strictly ascending
   * @param size the parameter count of the whole network
   */
  public FirstLayerColumns(int[] columns, int start, int inputs, int outputs, int size) {
    this.columns = columns;
    this.start = start;
    this.inputs = inputs;
    this.outputs = outputs;
    this.size = size;
  }

  /** Values held: the columns' weights and the parameters outside the first layer's weights. */
  int values() {
    return columns.length * outputs + size - inputs * outputs;
  }

  /** Where the first layer's weights end in the flat parameters. */
  private int end() {
    return start + inputs * outputs;
  }

  float[] gather(float[] gradient) {
    float[] out = new float[values()];
    int k = 0;
    for (int c : columns) {
      for (int o = 0; o < outputs; o++) {
        out[k++] = gradient[start + o * inputs + c];
      }
    }
    System.arraycopy(gradient, 0, out, k, start);
    System.arraycopy(gradient, end(), out, k + start, size - end());
    return out;
  }

  double[] gather(double[] gradient) {
    double[] out = new double[values()];
    int k = 0;
    for (int c : columns) {
      for (int o = 0; o < outputs; o++) {
        out[k++] = gradient[start + o * inputs + c];
      }
    }
    System.arraycopy(gradient, 0, out, k, start);
    System.arraycopy(gradient, end(), out, k + start, size - end());
    return out;
  }

  /** Adds held values {@code values.get(k)} into their parameters of {@code total}. */
  void addTo(java.util.function.IntToDoubleFunction values, double[] total) {
    int k = 0;
    for (int c : columns) {
      for (int o = 0; o < outputs; o++) {
        total[start + o * inputs + c] += values.applyAsDouble(k++);
      }
    }
    for (int i = 0; i < start; i++) {
      total[i] += values.applyAsDouble(k++);
    }
    for (int i = end(); i < size; i++) {
      total[i] += values.applyAsDouble(k++);
    }
  }

  /** Zeroes what a step on these columns wrote into {@code gradient}, leaving it all zero. */
  void clear(float[] gradient) {
    for (int c : columns) {
      for (int o = 0; o < outputs; o++) {
        gradient[start + o * inputs + c] = 0;
      }
    }
    java.util.Arrays.fill(gradient, 0, start, 0);
    java.util.Arrays.fill(gradient, end(), size, 0);
  }

  void clear(double[] gradient) {
    for (int c : columns) {
      for (int o = 0; o < outputs; o++) {
        gradient[start + o * inputs + c] = 0;
      }
    }
    java.util.Arrays.fill(gradient, 0, start, 0);
    java.util.Arrays.fill(gradient, end(), size, 0);
  }
}
