package org.minibatch.train;

import java.util.Locale;

/** Which stop criterion ended training (the first to fire wins). */
public enum StopReason {
  MAX_EPOCHS, MAX_STEPS, TIME_LIMIT, LOSS_BELOW, LOSS_RATIO, GRAD_NORM_RATIO, EARLY_STOPPING,
  /** A NaN or infinite loss or gradient; see {@link TrainingDivergedException}. */
  DIVERGED;

  /** Lower-case name as written in summaries and configs, e.g. {@code max_epochs}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
