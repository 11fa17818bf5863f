package org.minibatch.train;

/**
 * Where the {@link Trainer}'s gradients come from: the rows of one machine, or the cached
 * partitions of a Spark RDD. The trainer owns the loop, the optimizer and the stop criteria; a
 * source only sums losses and gradients over the rows a step asks for.
 */
public interface GradientSource {

  /** Training rows in each partition (one entry for a single machine). */
  int[] partitionRows();

  /**
   * Sums over the rows of {@code slices} (partition p: positions [from[p], to[p]) of its
   * permutation for (seed, epoch, p), see {@link EpochOrder}) of the loss and its gradient at
   * {@code point}.
   */
  GradientSum gradient(double[] point, long seed, long epoch, BatchPlan.Slices slices,
      Precision precision);

  /**
   * As {@link #gradient(double[], long, long, BatchPlan.Slices, Precision)}, knowing that
   * {@code point} is the array of the previous call changed only at {@code changed} (null: it
   * may differ anywhere), so a source that keeps a copy of the point elsewhere (on executors,
   * from step to step) need only send those values.
   */
  default GradientSum gradient(double[] point, int[] changed, long seed, long epoch,
      BatchPlan.Slices slices, Precision precision) {
    return gradient(point, seed, epoch, slices, precision);
  }

  /** Whether {@link #validate} has rows to evaluate. */
  boolean hasValidation();

  /** Loss and accuracy on the validation rows at {@code params}. */
  Evaluation validate(double[] params);
}
