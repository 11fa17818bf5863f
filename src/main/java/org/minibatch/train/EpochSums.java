package org.minibatch.train;

/** The training loss of the epoch so far, summed over its rows, for {@link EpochMetrics}. */
final class EpochSums {
  private double lossSum;
  private long rows;

  /** The epoch a checkpoint was taken in. */
  static EpochSums restore(TrainingState s) {
    EpochSums e = new EpochSums();
    e.lossSum = s.epochLossSum;
    e.rows = s.epochRows;
    return e;
  }

  void add(double stepLossSum, long stepRows) {
    lossSum += stepLossSum;
    rows += stepRows;
  }

  /** Mean loss per row over the epoch's steps. */
  double meanLoss() {
    return lossSum / rows;
  }

  /** Starts a new epoch. */
  void close() {
    lossSum = 0;
    rows = 0;
  }

  /** Writes the epoch's sums into a checkpoint's state. */
  void saveTo(TrainingState s) {
    s.epochLossSum = lossSum;
    s.epochRows = rows;
  }
}
