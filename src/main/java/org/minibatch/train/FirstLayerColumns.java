package org.minibatch.train;

import java.io.Serializable;
import java.util.List;
import org.minibatch.optim.SparseGradient;

/**
 * A gradient whose first-layer weights are non-zero only at some input columns, as a batch of
 * sparse rows leaves it: those columns' values, then every other parameter (the first layer's
 * biases and the layers above) in order. For a batch of 256 rows with 90 non-zeros each at 1M
 * inputs and 16 hidden units, that is under 0.4M values instead of 16M, so a partition ships and
 * packs a fraction of the dense gradient ({@link #values}: the rows' gradient by column and
 * the rest, as a sparse backward pass writes them).
 *
 * <p>The first layer's weights W start at {@code start} in the flat parameters; column j holds
 * W[o, j] at {@code start + j n_out + o} when they are stored by input column
 * ({@link org.minibatch.nn.NetworkSpec#firstLayerByInput()}), else at {@code start + o n_in + j}.
 * Not a record: it travels with
 * the gradient sums under {@code spark.serializer}, and Kryo cannot build records.
 */
public final class FirstLayerColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] columns;
  private final int start;
  private final int inputs;
  private final int outputs;
  private final int size;
  private final boolean byInput;

  /**
   * @param columns the columns present, strictly ascending
   * @param size the parameter count of the whole network
   * @param byInput whether the weights are stored by input column
   */
  public FirstLayerColumns(int[] columns, int start, int inputs, int outputs, int size,
      boolean byInput) {
    this.columns = columns;
    this.start = start;
    this.inputs = inputs;
    this.outputs = outputs;
    this.size = size;
    this.byInput = byInput;
  }

  /** Where W[o, column] is in the flat parameters. */
  private int weight(int column, int o) {
    return start + (byInput ? column * outputs + o : o * inputs + column);
  }

  /**
   * Where the weight W[o, columns[u]] comes among {@link #parameterIndices} of columns
   * {@code width} wide, counted from the first layer's weights.
   */
  private int place(int u, int o, int width) {
    return byInput ? u * outputs + o : o * width + u;
  }

  int[] columns() {
    return columns;
  }

  /**
   * The mean of {@code partials}' gradients (each holding some columns of one network, in
   * partition order) divided by {@code weight}, held sparse: every parameter gets its partials'
   * values added in partition order from +0, as the dense totals add them, so the values are
   * the dense mean's bits.
   */
  static SparseGradient mean(List<FirstLayerColumns> held,
      List<java.util.function.IntToDoubleFunction> partials, double weight) {
    FirstLayerColumns first = held.get(0);
    FirstLayerColumns all = first;
    for (FirstLayerColumns h : held) {
      all = union(all, h);
    }
    int[] union = all.columns;
    int before = first.start;
    int width = union.length;
    int[] indices = all.parameterIndices();
    int after = before + first.outputs * width;
    double[] totals = new double[indices.length];
    for (int p = 0; p < held.size(); p++) {
      FirstLayerColumns h = held.get(p);
      java.util.function.IntToDoubleFunction values = partials.get(p);
      int k = 0;
      int u = 0;
      for (int c : h.columns) {
        while (union[u] != c) {
          u++;
        }
        for (int o = 0; o < h.outputs; o++) {
          totals[before + all.place(u, o, width)] += values.applyAsDouble(k++);
        }
      }
      for (int i = 0; i < before; i++) {
        totals[i] += values.applyAsDouble(k++);
      }
      for (int i = after; i < totals.length; i++) {
        totals[i] += values.applyAsDouble(k++);
      }
    }
    for (int i = 0; i < totals.length; i++) {
      totals[i] = weight == 0 ? 0 : totals[i] / weight;
    }
    return SparseGradient.ofAscending(first.size, indices, totals);
  }

  /**
   * The parameters these columns cover, ascending: those before the first layer's weights, the
   * columns' weights (column by column when stored by input, else hidden unit by hidden unit),
   * then those after.
   */
  int[] parameterIndices() {
    int width = columns.length;
    int[] indices = new int[start + outputs * width + size - end()];
    for (int i = 0; i < start; i++) {
      indices[i] = i;
    }
    for (int u = 0; u < width; u++) {
      for (int o = 0; o < outputs; o++) {
        indices[start + place(u, o, width)] = weight(columns[u], o);
      }
    }
    int after = start + outputs * width;
    for (int i = end(); i < size; i++) {
      indices[after + i - end()] = i;
    }
    return indices;
  }

  /**
   * The columns of both, for one network's first layer; null when either is null (a dense
   * gradient was among them) or they lay out different networks.
   */
  static FirstLayerColumns union(FirstLayerColumns a, FirstLayerColumns b) {
    if (a == null || b == null || !a.sameLayer(b)) {
      return null;
    }
    if (a == b) {
      return a;
    }
    int[] merged = new int[a.columns.length + b.columns.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.columns.length || j < b.columns.length) {
      int next = j == b.columns.length || (i < a.columns.length && a.columns[i] <= b.columns[j])
          ? a.columns[i] : b.columns[j];
      while (i < a.columns.length && a.columns[i] == next) {
        i++;
      }
      while (j < b.columns.length && b.columns[j] == next) {
        j++;
      }
      merged[n++] = next;
    }
    return new FirstLayerColumns(java.util.Arrays.copyOf(merged, n), a.start, a.inputs,
        a.outputs, a.size, a.byInput);
  }

  /** Whether {@code other} lays out the same network's first layer. */
  boolean sameLayer(FirstLayerColumns other) {
    return start == other.start && inputs == other.inputs && outputs == other.outputs
        && size == other.size && byInput == other.byInput;
  }

  /** Values held: the columns' weights and the parameters outside the first layer's weights. */
  int values() {
    return columns.length * outputs + size - inputs * outputs;
  }

  /** Where the first layer's weights end in the flat parameters. */
  private int end() {
    return start + inputs * outputs;
  }

  double[] gather(double[] gradient) {
    double[] out = new double[values()];
    int k = 0;
    for (int c : columns) {
      for (int o = 0; o < outputs; o++) {
        out[k++] = gradient[weight(c, o)];
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
        total[weight(c, o)] += values.applyAsDouble(k++);
      }
    }
    for (int i = 0; i < start; i++) {
      total[i] += values.applyAsDouble(k++);
    }
    for (int i = end(); i < size; i++) {
      total[i] += values.applyAsDouble(k++);
    }
  }

  /** The parameter count of the network. */
  int parameters() {
    return size;
  }

  /** Fails unless {@code count} is the number of values these columns hold. */
  void checkValues(int count) {
    if (count != values()) {
      throw new IllegalArgumentException(count + " gradient values for " + columns.length
          + " columns of " + outputs + " weights and " + (size - end() + start)
          + " other parameters");
    }
  }

  /**
   * The values held, from a first layer's gradient by column ({@code byColumn}: column k's
   * n_out values at k n_out) and the parameters after its weights ({@code rest}); the first
   * layer's weights must come first in the parameters.
   */
  float[] values(float[] byColumn, float[] rest) {
    requireFirst();
    float[] out = new float[values()];
    int split = columns.length * outputs;
    System.arraycopy(byColumn, 0, out, 0, split);
    System.arraycopy(rest, 0, out, split, size - end());
    return out;
  }

  double[] values(double[] byColumn, double[] rest) {
    requireFirst();
    double[] out = new double[values()];
    int split = columns.length * outputs;
    System.arraycopy(byColumn, 0, out, 0, split);
    System.arraycopy(rest, 0, out, split, size - end());
    return out;
  }

  private void requireFirst() {
    if (start != 0) {
      throw new IllegalStateException("the first layer's weights start at " + start + ", not 0");
    }
  }
}
