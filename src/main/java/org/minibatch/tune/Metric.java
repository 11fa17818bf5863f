package org.minibatch.tune;

import java.util.Comparator;

/**
 * The validation metric that ranks trials and whether higher is better (accuracy) or lower
 * (loss). A NaN (a diverged trial) ranks below every number.
 */
public record Metric(String name, boolean higherIsBetter) {
  public static final Metric ACCURACY = new Metric("validation_accuracy", true);
  public static final Metric LOSS = new Metric("validation_loss", false);

  /** Best first; NaN last; ties by trial id, so rankings are reproducible. */
  public Comparator<TrialResult> ranking() {
    Comparator<TrialResult> byValue = (a, b) -> {
      double x = a.outcome().metric();
      double y = b.outcome().metric();
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
      }
      return higherIsBetter ? Double.compare(y, x) : Double.compare(x, y);
    };
    return byValue.thenComparingInt(r -> r.trial().id());
  }
}
