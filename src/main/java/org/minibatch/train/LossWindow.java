package org.minibatch.train;

/**
 * The open logging window of a run: the steps since the last {@link WindowMetrics}, their summed
 * loss over rows and their summed gradient norms. The stop criteria on loss and gradient norm
 * read its means; {@link #close} starts the next window.
 */
final class LossWindow {
  private int steps;
  private double lossSum;
  private long rows;
  private double gradNormSum;

  /** The window a checkpoint left open. */
  static LossWindow restore(TrainingState s) {
    LossWindow w = new LossWindow();
    w.steps = s.windowCount;
    w.lossSum = s.windowLossSum;
    w.rows = s.windowRows;
    w.gradNormSum = s.windowGradNormSum;
    return w;
  }

  /** One step: its loss summed over its rows, and its gradient's norm. */
  void add(double stepLossSum, long stepRows, double gradNorm) {
    steps++;
    lossSum += stepLossSum;
    rows += stepRows;
    gradNormSum += gradNorm;
  }

  int steps() {
    return steps;
  }

  long rows() {
    return rows;
  }

  /** Mean loss per row over the window. */
  double meanLoss() {
    return lossSum / rows;
  }

  /** Mean gradient norm per step over the window. */
  double meanGradNorm() {
    return gradNormSum / steps;
  }

  /** Ends this window: the next step starts an empty one. */
  void close() {
    steps = 0;
    lossSum = 0;
    rows = 0;
    gradNormSum = 0;
  }

  /** Writes the open window into a checkpoint's state. */
  void saveTo(TrainingState s) {
    s.windowCount = steps;
    s.windowLossSum = lossSum;
    s.windowRows = rows;
    s.windowGradNormSum = gradNormSum;
  }
}
