package org.minibatch.tune;

/**
 * One row of a search: a trial trained to a budget (in epochs) in a bracket (Hyperband's, in the
 * order they ran; 0 for the other strategies) at a rung (0 for grid, random and model-based
 * search, the halving round, or the genetic generation), and the outcome.
 */
public record TrialResult(Trial trial, int bracket, int rung, double budget, Outcome outcome) {
  public TrialResult(Trial trial, int rung, double budget, Outcome outcome) {
    this(trial, 0, rung, budget, outcome);
  }
}
