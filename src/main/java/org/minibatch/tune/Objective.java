package org.minibatch.tune;

/**
 * Trains trials. Called from several threads at once (one per running trial), for different
 * trials; never for the same trial concurrently.
 */
public interface Objective {
  /**
   * Trains {@code trial} until it has trained {@code budget} epochs in all: the first call
   * starts it, later calls with larger budgets continue from where the previous one stopped
   * (successive halving promotes trials without retraining them).
   */
  Outcome run(Trial trial, double budget);

  /** Forgets what {@link #run} kept to continue {@code trial}; it will not be run again. */
  default void release(Trial trial) {}
}
