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

  /**
   * Trains {@code trial} from the final weights of {@code parent}, a finished trial with the same
   * network, for {@code budget} epochs (fresh optimizer state: its config may differ). Only
   * called after {@link #keepWeights} was asked for {@code parent}.
   */
  default Outcome runFrom(Trial trial, double budget, Trial parent) {
    throw new UnsupportedOperationException("this objective cannot start from a parent's"
        + " weights");
  }

  /**
   * Whether {@code child} can start from {@code parent}'s final weights: the same network
   * (layers, activations, loss), so the weights fit.
   */
  default boolean sameNetwork(Trial child, Trial parent) {
    return false;
  }

  /** Asks to keep {@code trial}'s final weights after its run, for {@link #runFrom}. */
  default void keepWeights(Trial trial) {}

  /** Forgets what {@link #run} kept to continue {@code trial}; it will not be run again. */
  default void release(Trial trial) {}
}
