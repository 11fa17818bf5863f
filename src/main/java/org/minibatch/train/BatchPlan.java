package org.minibatch.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Which rows of which partition make up each mini-batch of an epoch.
 *
 * <p>Each partition walks its own per-epoch permutation ({@link EpochOrder}); a step takes the
 * next slice of it from every partition. Slices are sized so the global batch is exactly
 * {@code batchSize} rows (the last step of an epoch takes what is left, so it may be short, and
 * every row is used exactly once per epoch), and each partition contributes in proportion to its
 * size: think of row j of a partition with n rows as due at time (j + 1/2) / n, merge all
 * partitions by due time (ties by partition index), and cut the merged stream into batches.
 * With one partition, step s takes rows [s*B, min((s+1)*B, n)).
 *
 * <p>With many partitions and a small batch, slices from every partition would be a few rows
 * each, and a step would schedule a task (and ship a whole gradient) per partition for them. So
 * when P partitions would get fewer than {@code sliceRows} rows each ({@code P * sliceRows >
 * batchSize}), a step reads from k = max(1, batchSize / sliceRows) <i>lanes</i> instead: lane l
 * walks partitions l, l + k, l + 2k, ... one after the other (each in its epoch permutation),
 * and the rule above shares each batch among the lanes. A step then touches k partitions (a few
 * more where a lane moves on to its next partition), each with about {@code sliceRows} rows, as
 * PyTorch's {@code DistributedSampler} gives each of k workers its own shard; rows within a
 * partition are a seeded random sample of the data, and every row is still used once per epoch.
 * With {@code P * sliceRows <= batchSize} each lane is one partition, the plan above.
 *
 * <p>The plan is a pure function of the partition sizes, the batch size and {@code sliceRows};
 * {@link #cursor()} walks it step by step, and {@link Cursor#skipTo} jumps (for resume).
 */
public final class BatchPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] partitionRows;
  private final long totalRows;
  private final int batchSize;
  private final int stepsPerEpoch;
  /** Partitions of each lane, in the order the lane walks them. */
  private final int[][] lanes;
  private final long[] laneRows;

  /** Rows per partition slice below which a step reads lanes of partitions. */
  public static final int SLICE_ROWS = 64;

  /** A plan with {@value #SLICE_ROWS} rows per slice. */
  public BatchPlan(int[] partitionRows, int batchSize) {
    this(partitionRows, batchSize, SLICE_ROWS);
  }

  /**
   * @param sliceRows the fewest rows a step should take from a partition before it reads fewer
   *     partitions (lanes) instead of all of them
   */
  public BatchPlan(int[] partitionRows, int batchSize, int sliceRows) {
    this.partitionRows = partitionRows.clone();
    long total = 0;
    for (int p = 0; p < partitionRows.length; p++) {
      if (partitionRows[p] < 0) {
        throw new IllegalArgumentException("partition " + p + " has a negative row count");
      }
      total += partitionRows[p];
    }
    if (total == 0) {
      throw new IllegalArgumentException("the training data has no rows");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (batchSize > total) {
      throw new IllegalArgumentException("batch size " + batchSize + " is larger than the "
          + total + " training rows; use at most " + total + " (full-batch gradient descent)");
    }
    this.totalRows = total;
    this.batchSize = batchSize;
    long steps = (total + batchSize - 1) / batchSize;
    if (steps > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch size " + batchSize + " gives more than "
          + Integer.MAX_VALUE + " steps per epoch");
    }
    this.stepsPerEpoch = (int) steps;
    if (sliceRows < 1) {
      throw new IllegalArgumentException("slice rows must be >= 1, got " + sliceRows);
    }
    int p = partitionRows.length;
    int k = (long) p * sliceRows <= batchSize ? p : Math.max(1, batchSize / sliceRows);
    this.lanes = new int[k][];
    this.laneRows = new long[k];
    for (int l = 0; l < k; l++) {
      lanes[l] = new int[(p - l + k - 1) / k];
      for (int i = 0; i < lanes[l].length; i++) {
        lanes[l][i] = l + i * k;
        laneRows[l] += partitionRows[l + i * k];
      }
    }
  }

  /** The number of lanes a step reads: the partition count unless slices would be small. */
  public int lanes() {
    return lanes.length;
  }

  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  public int batchSize() {
    return batchSize;
  }

  public long totalRows() {
    return totalRows;
  }

  public int partitions() {
    return partitionRows.length;
  }

  public int[] partitionRows() {
    return partitionRows.clone();
  }

  /** A walk over the steps of one epoch, starting at step 0. */
  public Cursor cursor() {
    return new Cursor();
  }

  /** One step's slices: partition p takes positions [from[p], to[p]) of its permutation. */
  public record Slices(int step, int[] from, int[] to) implements Serializable {
    /** Rows in the whole batch. */
    public long rows() {
      long sum = 0;
      for (int p = 0; p < from.length; p++) {
        sum += to[p] - from[p];
      }
      return sum;
    }

    @Override
    public String toString() {
      return "step " + step + " " + Arrays.toString(from) + ".." + Arrays.toString(to);
    }
  }

  /** Walks the steps of an epoch in order. Not thread-safe. */
  public final class Cursor {
    private final long[] taken = new long[lanes.length];
    private final PriorityQueue<Integer> due = new PriorityQueue<>(this::compareDue);
    private int step;

    private Cursor() {
      for (int l = 0; l < lanes.length; l++) {
        if (laneRows[l] > 0) {
          due.add(l);
        }
      }
    }

    public boolean hasNext() {
      return step < stepsPerEpoch;
    }

    /** The next step's slices. */
    public Slices next() {
      if (!hasNext()) {
        throw new IllegalStateException("epoch has only " + stepsPerEpoch + " steps");
      }
      long[] before = taken.clone();
      for (int i = 0; i < batchSize && !due.isEmpty(); i++) {
        int l = due.poll();
        taken[l]++;
        if (taken[l] < laneRows[l]) {
          due.add(l);
        }
      }
      int[] from = new int[partitionRows.length];
      int[] to = new int[partitionRows.length];
      for (int l = 0; l < lanes.length; l++) {
        long offset = 0;
        for (int p : lanes[l]) {
          from[p] = (int) Math.min(partitionRows[p], Math.max(0, before[l] - offset));
          to[p] = (int) Math.min(partitionRows[p], Math.max(0, taken[l] - offset));
          offset += partitionRows[p];
        }
      }
      return new Slices(step++, from, to);
    }

    /** Advances so that the next call to {@link #next()} returns step {@code target}. */
    public void skipTo(int target) {
      if (target < step || target > stepsPerEpoch) {
        throw new IllegalArgumentException("cannot skip from step " + step + " to " + target);
      }
      while (step < target) {
        next();
      }
    }

    /**
     * Row j of lane l is due at (2j+1)/(2 n_l); compare by cross-multiplication (128-bit, as lane
     * sizes are longs), ties by index.
     */
    private int compareDue(int l, int m) {
      long a = 2L * taken[l] + 1;
      long b = 2L * taken[m] + 1;
      int high = Long.compare(Math.multiplyHigh(a, laneRows[m]), Math.multiplyHigh(b, laneRows[l]));
      int order = high != 0 ? high : Long.compareUnsigned(a * laneRows[m], b * laneRows[l]);
      return order != 0 ? order : Integer.compare(l, m);
    }
  }
}
