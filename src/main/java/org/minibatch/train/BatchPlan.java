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
 * <p>The plan is a pure function of the partition sizes and the batch size; {@link #cursor()}
 * walks it step by step, and {@link Cursor#skipTo} jumps (for resume).
 */
public final class BatchPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] partitionRows;
  private final long totalRows;
  private final int batchSize;
  private final int stepsPerEpoch;

  public BatchPlan(int[] partitionRows, int batchSize) {
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
    private final int[] taken = new int[partitionRows.length];
    private final PriorityQueue<Integer> due = new PriorityQueue<>(this::compareDue);
    private int step;

    private Cursor() {
      for (int p = 0; p < partitionRows.length; p++) {
        if (partitionRows[p] > 0) {
          due.add(p);
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
      int[] from = taken.clone();
      for (int i = 0; i < batchSize && !due.isEmpty(); i++) {
        int p = due.poll();
        taken[p]++;
        if (taken[p] < partitionRows[p]) {
          due.add(p);
        }
      }
      return new Slices(step++, from, taken.clone());
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

    /** Row j of p is due at (2j+1)/(2 n_p); compare by cross-multiplication, ties by index. */
    private int compareDue(int p, int q) {
      long lhs = (2L * taken[p] + 1) * partitionRows[q];
      long rhs = (2L * taken[q] + 1) * partitionRows[p];
      return lhs != rhs ? Long.compare(lhs, rhs) : Integer.compare(p, q);
    }
  }
}
