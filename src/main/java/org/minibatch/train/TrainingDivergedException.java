package org.minibatch.train;

/**
 * Training produced a NaN or infinite loss or gradient. Carries the last weights whose loss was
 * finite, so nothing computed before the divergence is lost.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient TrainingResult lastGood;

  public TrainingDivergedException(String message, TrainingResult lastGood) {
    super(message);
    this.lastGood = lastGood;
  }

  /** The run up to the last finite step, its params being the last finite weights. */
  public TrainingResult lastGood() {
    return lastGood;
  }
}
