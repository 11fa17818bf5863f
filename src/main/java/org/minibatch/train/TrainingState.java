package org.minibatch.train;

import java.io.Serializable;
import org.minibatch.optim.OptimizerState;

/**
 * Everything a run needs to continue exactly where it was: the weights, the optimizer's state,
 * the position in the data (epoch and step within it; batch order is a pure function of seed,
 * epoch and partition, so nothing else of the random streams needs saving), the stop criteria's
 * memory (first loss and gradient norm, the open logging window, early stopping's best epoch),
 * the history so far and the time spent. A checkpoint is this object plus the config it ran
 * with ({@link Checkpoint}).
 *
 * <p>These fields are the checkpoint format (Java serialization, kept readable: see
 * LegacyCheckpointTest); the running loop keeps its window and epoch sums in
 * {@link LossWindow} and {@link EpochSums} and writes them here when a snapshot is taken.
 */
public final class TrainingState implements Serializable {
  private static final long serialVersionUID = 1L;

  double[] params;
  OptimizerState optimizer;
  long step;
  int epoch;
  int stepInEpoch;
  double firstLoss = Double.NaN;
  double firstGradNorm = Double.NaN;
  double lastRate;
  int windowCount;
  double windowLossSum;
  long windowRows;
  double windowGradNormSum;
  double epochLossSum;
  long epochRows;
  double bestMetric = Double.NaN;
  double[] bestParams;
  int epochsSinceBest;
  TrainingHistory history = new TrainingHistory();
  double gradientSeconds;
  double updateSeconds;
  double validationSeconds;
  double elapsedSeconds;
  StopReason stopReason;
  String stopDetail;

  TrainingState(double[] params) {
    this.params = params;
  }

  public double[] params() {
    return params.clone();
  }

  public long step() {
    return step;
  }

  public int epoch() {
    return epoch;
  }

  /** Steps done in the current epoch (0 between epochs). */
  public int stepInEpoch() {
    return stepInEpoch;
  }

  public TrainingHistory history() {
    return history;
  }

  /** Set when training ended normally; null for a checkpoint taken along the way. */
  public StopReason stopReason() {
    return stopReason;
  }
}
