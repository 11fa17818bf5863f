package org.minibatch.tune;

/**
 * What training a trial to a budget gave.
 *
 * @param metric the validation metric at the end (NaN when training diverged)
 * @param epochs epochs the trial has trained in all, its earlier budgets included (fractions of
 *     an epoch count as such)
 * @param seconds wall-clock seconds of this call
 * @param status {@code ok}, or {@code diverged} when the loss became NaN or infinite
 */
public record Outcome(double metric, double epochs, double seconds, String status) {
  public static final String OK = "ok";
  public static final String DIVERGED = "diverged";

  public boolean ok() {
    return OK.equals(status);
  }
}
