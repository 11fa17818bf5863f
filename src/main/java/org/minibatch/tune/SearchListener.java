package org.minibatch.tune;

/** Progress of a search; called from the searching threads, so implementations synchronize. */
public interface SearchListener {
  SearchListener NONE = new SearchListener() {};

  /**
   * A round starts: {@code trials} trials (-1 when the epoch budget decides how many) will each
   * be trained to {@code budget} epochs (NaN when their budgets differ).
   */
  default void rungStarted(int rung, int trials, double budget) {}

  /** Hyperband starts a bracket ({@code index} counts brackets in the order they run). */
  default void bracketStarted(int index, Hyperband.Bracket bracket) {}

  default void trialDone(TrialResult result) {}
}
