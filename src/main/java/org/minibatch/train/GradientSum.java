package org.minibatch.train;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.minibatch.optim.SparseGradient;
import org.minibatch.util.PackedArrays;
import org.minibatch.util.ParallelRanges;

/**
 * Sums of gradients, losses, row counts and row weights from many partitions, added up so that
 * the total does not depend on the order in which Spark merges partial results. The means divide
 * by the weight: the row count, unless the rows are weighted (Spark's {@code weightCol}).
 *
 * <p>Floating-point addition is not associative, and Spark's {@code treeAggregate} merges partial
 * results in the order tasks finish, so a plain running sum changes in the last bits from run to
 * run. Two ways around it, chosen by the caller:
 * <ul>
 *   <li>{@link #merge}: keep up to {@value #MAX_LISTED} partitions' sums apart (as computed,
 *       float64 or float32) and add them in partition order when the total is read. Cheap, and
 *       plain floating-point accuracy; a single partition's sums are used exactly as computed.
 *   <li>{@link #mergeExact}, and {@link #merge} past {@value #MAX_LISTED} partials: turn each
 *       partition's sums, on its own, into 128-bit fixed-point numbers with 64 fractional bits
 *       and add those; integer addition is exact and associative. Values must stay below 2^62
 *       and totals below 2^63 (larger or non-finite values, and a total that overflows, poison
 *       the sum, which then reads as NaN for the trainer's divergence guard, and
 *       {@link #overflowed()} tells the two apart); the absolute resolution is 2^-64, so a value of magnitude at least
 *       2^-11 keeps all 53 bits. Used where partial results meet inside Spark's tree (the
 *       tree route of {@code spark.Aggregation}, when the partials are too many bytes for the
 *       driver), where partition order cannot be kept without shipping every partial.
 * </ul>
 */
public final class GradientSum implements Serializable {
  private static final long serialVersionUID = 5L;
  /**
   * Totals of more values than twice this are summed by ranges among threads: a pass of a few
   * operations a value pays for the threads only on large arrays (Fashion-MNIST's 235,146
   * values were no faster).
   */
  private static final int PARALLEL_GRAIN = 1 << 18;
  /** Partials kept apart before {@link #merge} switches to exact sums. */
  public static final int MAX_LISTED = 16;

  /**
   * One partition's sums: the gradient values packed little-endian as float64 or float32
   * ({@link PackedArrays}: Java serialization writes a double[] value by value, a byte[] as one
   * block), and the loss. A class rather than a
   * record, and kept in an {@link ArrayList}: Kryo's field serializer (a cluster's
   * {@code spark.serializer}) can neither build records nor refill immutable lists.
   */
  private static final class Partial implements Serializable {
    private static final long serialVersionUID = 2L;
    private final int partition;
    private final byte[] packed;
    private final boolean single;
    private final double loss;
    private final double weight;
    /** Which values {@code packed} holds when not every one: a sparse batch's columns. */
    private final FirstLayerColumns columns;

    private Partial(int partition, byte[] packed, boolean single, double loss, double weight,
        FirstLayerColumns columns) {
      this.partition = partition;
      this.packed = packed;
      this.single = single;
      this.loss = loss;
      this.weight = weight;
      this.columns = columns;
    }

    int partition() {
      return partition;
    }

    double loss() {
      return loss;
    }

    double weight() {
      return weight;
    }

    static Partial of(int partition, double[] values, double loss, double weight) {
      return new Partial(partition, PackedArrays.pack(values), false, loss, weight, null);
    }

    static Partial of(int partition, float[] values, double loss, double weight) {
      return new Partial(partition, PackedArrays.pack(values), true, loss, weight, null);
    }

    /** Packed value k as a double. */
    IntToDoubleFunction values() {
      ByteBuffer bytes = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
      if (single) {
        FloatBuffer floats = bytes.asFloatBuffer();
        return floats::get;
      }
      return bytes.asDoubleBuffer()::get;
    }

    /**
     * Adds the gradient values into {@code total[0..size)}: each parameter gets one addition
     * per partial whether the partial is dense or holds some columns only (a total starts at
     * +0 and never becomes -0, so adding a column's absent zeros would change no bit).
     */
    void addTo(double[] total, int size) {
      if (columns == null) {
        addTo(total, 0, size);
        return;
      }
      ByteBuffer bytes = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
      if (single) {
        FloatBuffer values = bytes.asFloatBuffer();
        columns.addTo(values::get, total);
      } else {
        DoubleBuffer values = bytes.asDoubleBuffer();
        columns.addTo(values::get, total);
      }
    }

    /** Adds a dense partial's values {@code [from, to)} into the same places of total. */
    void addTo(double[] total, int from, int to) {
      ByteBuffer bytes = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
      if (single) {
        FloatBuffer values = bytes.asFloatBuffer();
        for (int i = from; i < to; i++) {
          total[i] += values.get(i);
        }
      } else {
        DoubleBuffer values = bytes.asDoubleBuffer();
        for (int i = from; i < to; i++) {
          total[i] += values.get(i);
        }
      }
    }
  }

  private final int size;
  private ArrayList<Partial> partials = new ArrayList<>();
  /** Exact sums, [hi_0, lo_0, ...], the loss at index size, the weight at size + 1; null until exact. */
  private long[] fixed;
  private long rows;
  /**
   * With exact sums: the first-layer columns of the sparse batches summed into them, or null
   * when a dense gradient was among them.
   */
  private FirstLayerColumns touched;
  private boolean poisoned;
  private boolean overflowed;

  private GradientSum(int size) {
    this.size = size;
  }

  /** An empty sum (zero rows) for {@code size} gradient values. */
  public static GradientSum zero(int size) {
    return new GradientSum(size);
  }

  /**
   * One partition's float64 sums (copied).
   *
   * @param gradient sum over the partition's rows of the per-row loss gradients
   * @param lossSum sum over the rows of the per-row losses
   */
  public static GradientSum of(int partition, double[] gradient, double lossSum, long rows) {
    return of(partition, gradient, lossSum, rows, rows);
  }

  /**
   * One partition's float64 sums of weighted rows (copied): the gradient and loss sums are of
   * w_r times each row's, and {@code weight} is sum_r w_r.
   */
  public static GradientSum of(int partition, double[] gradient, double lossSum, long rows,
      double weight) {
    GradientSum sum = new GradientSum(gradient.length);
    sum.partials.add(Partial.of(partition, gradient, lossSum, weight));
    sum.rows = rows;
    return sum;
  }

  /**
   * One partition's float32 sums of a sparse batch: {@code values} are the gradient at the
   * first-layer columns {@code columns} names and at the other layers, in its order
   * ({@link FirstLayerColumns#gather}); every other value is zero.
   */
  public static GradientSum ofColumns(int partition, float[] values, FirstLayerColumns columns,
      double lossSum, long rows, double weight) {
    columns.checkValues(values.length);
    return ofColumns(partition, PackedArrays.pack(values), true, columns, lossSum, rows, weight);
  }

  /** The float64 form of {@link #ofColumns(int, float[], FirstLayerColumns, double, long, double)}. */
  public static GradientSum ofColumns(int partition, double[] values, FirstLayerColumns columns,
      double lossSum, long rows, double weight) {
    columns.checkValues(values.length);
    return ofColumns(partition, PackedArrays.pack(values), false, columns, lossSum, rows, weight);
  }

  private static GradientSum ofColumns(int partition, byte[] packed, boolean single,
      FirstLayerColumns columns, double lossSum, long rows, double weight) {
    GradientSum sum = new GradientSum(columns.parameters());
    sum.partials.add(new Partial(partition, packed, single, lossSum, weight, columns));
    sum.rows = rows;
    return sum;
  }

  /** One partition's float32 sums (copied). */
  public static GradientSum of(int partition, float[] gradient, double lossSum, long rows) {
    return of(partition, gradient, lossSum, rows, rows);
  }

  /** One partition's float32 sums of weighted rows (copied). */
  public static GradientSum of(int partition, float[] gradient, double lossSum, long rows,
      double weight) {
    GradientSum sum = new GradientSum(gradient.length);
    sum.partials.add(Partial.of(partition, gradient, lossSum, weight));
    sum.rows = rows;
    return sum;
  }

  /**
   * Merges two partial sums, either of which may be null (Spark's lazily allocated zero):
   * partials are kept apart and added in partition order, up to {@value #MAX_LISTED} of them.
   */
  public static GradientSum merge(GradientSum a, GradientSum b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    if (a.fixed == null && b.fixed == null
        && a.partials.size() + b.partials.size() <= MAX_LISTED) {
      a.check(b);
      a.partials.addAll(b.partials);
      a.rows += b.rows;
      return a;
    }
    return mergeExact(a, b);
  }

  /** Merges two partial sums (either may be null) into exact fixed-point sums. */
  public static GradientSum mergeExact(GradientSum a, GradientSum b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    a.check(b);
    a.toExact();
    long[] scratch = new long[2];
    for (Partial p : b.partials) {
      a.addExact(p, scratch);
      a.touched = FirstLayerColumns.union(a.touched, p.columns);
    }
    if (b.fixed != null) {
      a.touched = FirstLayerColumns.union(a.touched, b.touched);
      for (int i = 0; i < a.fixed.length; i += 2) {
        a.overflowed |= !FixedPoint.add(a.fixed, i, b.fixed[i], b.fixed[i + 1]);
      }
    }
    a.rows += b.rows;
    a.poisoned |= b.poisoned;
    a.overflowed |= b.overflowed;
    return a;
  }

  private void check(GradientSum other) {
    if (other.size != size) {
      throw new IllegalArgumentException("cannot add a sum of " + other.size + " values to one of "
          + size);
    }
  }

  private void toExact() {
    if (fixed != null) {
      return;
    }
    fixed = new long[2 * (size + 2)];
    long[] scratch = new long[2];
    touched = partials.isEmpty() ? null : partials.get(0).columns;
    for (Partial p : partials) {
      addExact(p, scratch);
      touched = FirstLayerColumns.union(touched, p.columns);
    }
    partials = new ArrayList<>(0);
  }

  private void addExact(Partial p, long[] scratch) {
    double[] values = new double[size];
    p.addTo(values, size);
    for (int i = 0; i <= size + 1; i++) {
      if (!FixedPoint.store(i < size ? values[i] : i == size ? p.loss() : p.weight(), scratch)) {
        poisoned = true;
      }
      overflowed |= !FixedPoint.add(fixed, 2 * i, scratch[0], scratch[1]);
    }
  }

  public int size() {
    return size;
  }

  public long rows() {
    return rows;
  }

  /** The rows' total weight: the row count when the rows are not weighted. */
  public double weight() {
    if (fixed != null) {
      return value(size + 1);
    }
    double sum = 0;
    for (Partial p : inPartitionOrder()) {
      sum += p.weight();
    }
    return sum;
  }

  /** Whether the rows carry weights other than 1 (the weight is not the row count). */
  public boolean weighted() {
    return weight() != rows;
  }

  /**
   * Whether an exact sum met a non-finite or too large value, or overflowed; then the means are
   * NaN.
   */
  public boolean poisoned() {
    return poisoned || overflowed;
  }

  /**
   * Whether adding finite partial values in range overflowed the fixed-point sum (a total of
   * magnitude 2^63 or more); {@link #poisoned()} is then true too.
   */
  public boolean overflowed() {
    return overflowed;
  }

  /**
   * Writes the mean gradient, sum / weight, into {@code out}: straight from the partials, in
   * partition order, without an intermediate array of sums (a 1.9 MB allocation and one more
   * pass over it every step).
   */
  public void meanGradient(double[] out) {
    totals(out);
    if (poisoned()) {
      return;
    }
    double weight = weight();
    if (weight == 0) {
      // rows that all weigh 0 (or none) pull nowhere
      Arrays.fill(out, 0, size, 0);
      return;
    }
    ParallelRanges.forEach(size, PARALLEL_GRAIN, (from, to) -> divide(out, from, to, weight));
  }

  private static void divide(double[] values, int from, int to, double by) {
    for (int i = from; i < to; i++) {
      values[i] /= by;
    }
  }

  /**
   * The mean gradient held sparse (the bits of {@link #meanGradient}, at the parameters the
   * sparse batches touched), when every partial is a sparse batch's, listed or summed exactly;
   * else null.
   */
  public SparseGradient meanSparse() {
    if (poisoned()) {
      return null;
    }
    if (fixed != null) {
      return touched == null ? null : exactMean(touched.parameterIndices());
    }
    if (partials.isEmpty()) {
      return null;
    }
    List<Partial> ordered = inPartitionOrder();
    List<FirstLayerColumns> held = new ArrayList<>();
    List<IntToDoubleFunction> values = new ArrayList<>();
    for (Partial p : ordered) {
      if (p.columns == null || !p.columns.sameLayer(ordered.get(0).columns)) {
        return null;
      }
      held.add(p.columns);
      values.add(p.values());
    }
    return FirstLayerColumns.mean(held, values, weight());
  }

  /** The exact sums at {@code indices} divided by the weight, as {@link #meanGradient}. */
  private SparseGradient exactMean(int[] indices) {
    double weight = weight();
    double[] values = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      values[k] = weight == 0 ? 0 : value(indices[k]) / weight;
    }
    return SparseGradient.ofAscending(size, indices, values);
  }

  /** Writes the gradient sums themselves, not divided, into {@code out} (NaN if poisoned). */
  public void totals(double[] out) {
    if (poisoned()) {
      Arrays.fill(out, 0, size, Double.NaN);
    } else if (fixed != null) {
      ParallelRanges.forEach(size, PARALLEL_GRAIN, (from, to) -> {
        for (int i = from; i < to; i++) {
          out[i] = value(i);
        }
      });
    } else if (size >= 2 * PARALLEL_GRAIN && partials.stream().allMatch(p -> p.columns == null)) {
      // each value's partials added in partition order, whichever thread adds them
      List<Partial> ordered = inPartitionOrder();
      ParallelRanges.forEach(size, PARALLEL_GRAIN, (from, to) -> {
        Arrays.fill(out, from, to, 0);
        for (Partial p : ordered) {
          p.addTo(out, from, to);
        }
      });
    } else {
      Arrays.fill(out, 0, size, 0);
      for (Partial p : inPartitionOrder()) {
        p.addTo(out, size);
      }
    }
  }

  /** The summed loss divided by the weight (the row count for rows without weights). */
  public double meanLoss() {
    double weight = weight();
    return weight == 0 && !poisoned() ? 0 : lossSum() / weight;
  }

  /** The summed loss. */
  public double lossSum() {
    if (poisoned()) {
      return Double.NaN;
    }
    if (fixed != null) {
      return value(size);
    }
    double sum = 0;
    for (Partial p : inPartitionOrder()) {
      sum += p.loss();
    }
    return sum;
  }

  private List<Partial> inPartitionOrder() {
    List<Partial> ordered = new ArrayList<>(partials);
    ordered.sort(Comparator.comparingInt(Partial::partition));
    return ordered;
  }

  private double value(int index) {
    return FixedPoint.value(fixed, 2 * index);
  }
}
