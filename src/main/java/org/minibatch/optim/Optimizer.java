package org.minibatch.optim;

import java.io.Serializable;

/**
 * An update rule over the flat parameter vector, applied on the driver once per step.
 *
 * <p>A step goes: the trainer asks {@link #evaluationPoint} where to take the gradient (the
 * parameters themselves, or Nesterov's look-ahead), computes the mean mini-batch gradient g there,
 * and calls {@link #step} with g and this step's learning rate eta from the schedule. The step
 * number t starts at 1 and is counted by the optimizer's state.
 *
 * <p>Implementations keep their state in arrays aligned with the parameters, expose it through
 * {@link #state()} for checkpoints, and print as a spec string that {@link Optimizers#parse}
 * turns back into an equal optimizer.
 */
public interface Optimizer extends Serializable {

  /** Spec name, e.g. {@code adam}. */
  String name();

  /** The learning rate in the spec; the default schedule holds it constant. */
  double learningRate();

  /**
   * The point at which the next gradient must be evaluated. Most rules return {@code params};
   * Nesterov writes its look-ahead point into {@code scratch} and returns that.
   */
  default double[] evaluationPoint(double[] params, double[] scratch) {
    return params;
  }

  /**
   * One update of {@code params} in place, from the gradient {@code grad} taken at
   * {@link #evaluationPoint}. {@code grad} may be modified (clipping, weight decay).
   */
  void step(double[] params, double[] grad, double eta);

  /**
   * Whether {@link #step(double[], SparseGradient, double)} applies: the rule leaves a
   * parameter whose gradient is zero as it is (no momentum, no running average that decays, no
   * weight decay), so updating only the gradient's non-zeros gives the dense update's bits.
   */
  default boolean stepsSparse() {
    return false;
  }

  /**
   * {@link #step(double[], double[], double)} for a gradient that is zero outside
   * {@code grad.indices()}, touching only those parameters; only when {@link #stepsSparse()}.
   */
  default void step(double[] params, SparseGradient grad, double eta) {
    throw new UnsupportedOperationException(this + " has no sparse update");
  }

  /**
   * {@link #step(double[], SparseGradient, double)} that also keeps an undo record:
   * {@code before[k]} receives the value parameter {@code grad.indices()[k]} had before the
   * update. A rule may fill it in the same pass as the update, so that each parameter's memory
   * is fetched once (at 10M inputs the columns are a few cache misses each).
   */
  default void step(double[] params, SparseGradient grad, double eta, double[] before) {
    int[] indices = grad.indices();
    for (int k = 0; k < indices.length; k++) {
      before[k] = params[indices[k]];
    }
    step(params, grad, eta);
  }

  /** Number of steps taken so far (t of the last step; 0 when fresh). */
  long steps();

  /** A snapshot of the state, detached from this optimizer. */
  OptimizerState state();

  /** Replaces the state with a snapshot taken from an optimizer with the same spec. */
  void restore(OptimizerState state);

  /** Forgets all state, as if no step had been taken. */
  void reset();

  /** Same configuration, fresh state. */
  Optimizer copy();

  /** Weight decay and gradient clipping, which every rule takes. */
  OptimizerOptions options();

  /**
   * This rule with learning rate {@code value} (checked: {@code lr must be > 0, got ...}), the
   * rest of the configuration kept; fresh state. How a learning rate chosen elsewhere (a Spark
   * ML param, a tuning trial) reaches an optimizer parsed from a spec.
   */
  Optimizer withLearningRate(double value);

  /** This rule with L2 weight decay {@code value} (>= 0), the rest kept; fresh state. */
  Optimizer withWeightDecay(double value);

  /** This rule clipping the global gradient norm to {@code value} (>= 0, 0 = off); fresh. */
  Optimizer withClipNorm(double value);

  /** The spec string, e.g. {@code adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)}. */
  @Override
  String toString();
}
