package org.minibatch.tune;

/**
 * One row of a search: a trial trained to a budget (in epochs) at a rung (0 for grid and
 * random search, the halving round otherwise), and the outcome.
 */
public record TrialResult(Trial trial, int rung, double budget, Outcome outcome) {}
