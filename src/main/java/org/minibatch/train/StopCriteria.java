package org.minibatch.train;

import java.io.Serializable;
import org.minibatch.util.Range;

/**
 * When to stop training; every criterion that is set is checked and the first to fire wins.
 *
 * <ul>
 *   <li>{@code maxEpochs}: after this many full passes over the training data (always set).
 *   <li>{@code maxSteps}: after this many optimizer steps (0 = no limit).
 *   <li>{@code timeLimitSeconds}: once this much wall-clock time has passed (0 = no limit).
 *   <li>{@code lossBelow}: J_t <= lossBelow (0 = off).
 *   <li>{@code lossRatio}: J_t <= lossRatio * J_0 (0 = off).
 *   <li>{@code gradNormRatio}: ||g_t|| <= gradNormRatio * ||g_0|| (0 = off).
 *   <li>{@code patience}: early stopping when the validation metric has not improved for this
 *       many epochs; the weights of the best epoch are returned (0 = off).
 * </ul>
 *
 * J_t is the mean mini-batch loss over the last logging window (a window never spans two epochs;
 * by default an epoch has ten), ||g_t|| the mean over that window of the mini-batch gradient norms
 * (before clipping), and J_0 and ||g_0|| are those of the very first mini-batch, at the initial
 * weights. Step and time limits are checked after every step, the loss and gradient criteria at
 * the end of every window, early stopping at the end of every epoch.
 */
public record StopCriteria(int maxEpochs, long maxSteps, double timeLimitSeconds,
    double lossBelow, double lossRatio, double gradNormRatio, int patience,
    EarlyStoppingMetric metric) implements Serializable {

  public static final int DEFAULT_MAX_EPOCHS = 10;

  /** What early stopping watches. */
  public enum EarlyStoppingMetric {
    /** Validation loss, lower is better. */
    LOSS,
    /** Validation accuracy (classifiers), higher is better. */
    ACCURACY
  }

  public StopCriteria {
    Range.atLeast(1).check("max_epochs", maxEpochs);
    Range.nonNegative().check("max_steps", maxSteps);
    Range.nonNegative().check("time_limit_s", timeLimitSeconds);
    Range.nonNegative().check("loss_below", lossBelow);
    Range.closedOpen(0, 1).check("loss_ratio", lossRatio);
    Range.closedOpen(0, 1).check("grad_norm_ratio", gradNormRatio);
    Range.nonNegative().check("early_stopping_patience", patience);
    if (metric == null) {
      throw new IllegalArgumentException("early stopping metric must be loss or accuracy");
    }
  }

  /** Only a limit on epochs. */
  public static StopCriteria epochs(int maxEpochs) {
    return new StopCriteria(maxEpochs, 0, 0, 0, 0, 0, 0, EarlyStoppingMetric.LOSS);
  }

  public StopCriteria withMaxEpochs(int value) {
    return new StopCriteria(value, maxSteps, timeLimitSeconds, lossBelow, lossRatio,
        gradNormRatio, patience, metric);
  }

  public StopCriteria withMaxSteps(long value) {
    return new StopCriteria(maxEpochs, value, timeLimitSeconds, lossBelow, lossRatio,
        gradNormRatio, patience, metric);
  }

  public StopCriteria withTimeLimitSeconds(double value) {
    return new StopCriteria(maxEpochs, maxSteps, value, lossBelow, lossRatio, gradNormRatio,
        patience, metric);
  }

  public StopCriteria withLossBelow(double value) {
    return new StopCriteria(maxEpochs, maxSteps, timeLimitSeconds, value, lossRatio,
        gradNormRatio, patience, metric);
  }

  public StopCriteria withLossRatio(double value) {
    return new StopCriteria(maxEpochs, maxSteps, timeLimitSeconds, lossBelow, value,
        gradNormRatio, patience, metric);
  }

  public StopCriteria withGradNormRatio(double value) {
    return new StopCriteria(maxEpochs, maxSteps, timeLimitSeconds, lossBelow, lossRatio, value,
        patience, metric);
  }

  public StopCriteria withEarlyStopping(int value, EarlyStoppingMetric on) {
    return new StopCriteria(maxEpochs, maxSteps, timeLimitSeconds, lossBelow, lossRatio,
        gradNormRatio, value, on);
  }
}
