package org.minibatch.tune;

/** Progress of a search; called from the searching threads, so implementations synchronize. */
public interface SearchListener {
  SearchListener NONE = new SearchListener() {};

  /**
   * A round starts: {@code trials} trials will each be trained to {@code budget} epochs (NaN
   * when their budgets differ).
   */
  default void rungStarted(int rung, int trials, double budget) {}

  default void trialDone(TrialResult result) {}
}
