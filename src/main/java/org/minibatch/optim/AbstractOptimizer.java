package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.ParallelRanges;

/**
 * What every update rule shares: the step count, state arrays aligned with the parameters,
 * gradient clipping and L2 weight decay ({@link OptimizerOptions}), and the spec string.
 * A subclass names its state arrays, prints its hyper-parameters and implements {@link #update}.
 */
public abstract class AbstractOptimizer implements Optimizer {
  private static final long serialVersionUID = 1L;
  /**
   * Parameters of a sparse step recorded, then updated, together: a block's columns of a wide
   * first layer are still in cache and in the TLB when the update writes them.
   */
  private static final int UNDO_BLOCK = 4096;
  /** Updates of more parameters than twice this are shared among threads. */
  private static final int PARALLEL_GRAIN = 1 << 15;

  protected final double lr;
  protected final OptimizerOptions options;
  private long t;
  private double[][] slots;

  protected AbstractOptimizer(double lr, OptimizerOptions options) {
    this.lr = lr;
    this.options = options;
  }

  /** Names of the state arrays, in order, e.g. {@code {"m", "v"}}; empty for stateless rules. */
  protected abstract String[] slotNames();

  /** Hyper-parameters other than lr and the shared options, formatted, in spec order. */
  protected abstract Map<String, String> hyperParameters();

  /** The same rule and hyper-parameters with this learning rate and these options, fresh. */
  protected abstract Optimizer with(double learningRate, OptimizerOptions sharedOptions);

  /**
   * The update proper: g is already clipped and (unless decoupled) weight-decayed. Its loop
   * over the parameters goes through {@link #elementwise}.
   */
  protected abstract void update(double[] theta, double[] g, double eta, long t);

  /**
   * Runs an update's loop over the parameters {@code [0, n)}, shared among the common pool's
   * threads when there are many ({@link ParallelRanges}): each parameter's new value and state
   * come from its own, so the bits do not depend on the split. What a step computes once (bias
   * corrections, products over the steps) is computed before, outside {@code body}.
   */
  protected static void elementwise(int n, ParallelRanges.Body body) {
    ParallelRanges.forEach(n, PARALLEL_GRAIN, body);
  }

  /**
   * Whether weight decay is applied by {@link #update} itself instead of added to g beforehand:
   * AdamW decays the weights directly, Nesterov adds the decay term at its look-ahead point.
   */
  protected boolean decoupledWeightDecay() {
    return false;
  }

  /** State array i (in {@link #slotNames()} order), allocated at the first step. */
  protected final double[] slot(int i) {
    return slots[i];
  }

  /**
   * State array i if it exists for parameters of this length, else null: before the first step
   * (or after {@link #reset()}) the state is all zeros and not yet allocated.
   */
  protected final double[] slotIfPresent(int i, int length) {
    if (slots == null || i >= slots.length || slots[i].length != length) {
      return null;
    }
    return slots[i];
  }

  @Override
  public final void step(double[] params, double[] grad, double eta) {
    if (grad.length != params.length) {
      throw new IllegalArgumentException("the gradient holds " + grad.length
          + " values for " + params.length + " parameters");
    }
    if (slots == null || (slots.length > 0 && slots[0].length != params.length)) {
      slots = new double[slotNames().length][params.length];
    }
    t++;
    options.clip(grad);
    if (!decoupledWeightDecay()) {
      options.addWeightDecay(params, grad);
    }
    update(params, grad, eta, t);
  }

  /**
   * Whether the rule itself leaves a parameter with a zero gradient unchanged (and its state):
   * such a rule implements {@link #updateSparse}.
   */
  protected boolean sparseRule() {
    return false;
  }

  /**
   * The update at the parameters {@code indices[from..to)} only, g their (clipped) gradient
   * values: element by element, so that blocks of the indices can be updated apart and in
   * parallel.
   */
  protected void updateSparse(double[] theta, int[] indices, double[] g, int from, int to,
      double eta, long t) {
    throw new UnsupportedOperationException(this + " has no sparse update");
  }

  @Override
  public final boolean stepsSparse() {
    return sparseRule() && options.weightDecay() == 0;
  }

  @Override
  public final void step(double[] params, SparseGradient grad, double eta) {
    step(params, grad, eta, null);
  }

  @Override
  public final void step(double[] params, SparseGradient grad, double eta, double[] before) {
    if (!stepsSparse()) {
      throw new UnsupportedOperationException(this + " has no sparse update");
    }
    // checked before anything is written: the threads of a split update do not stop together
    if (grad.size() != params.length) {
      throw new IllegalArgumentException("the gradient is of " + grad.size()
          + " parameters, not " + params.length);
    }
    if (before != null && before.length < grad.indices().length) {
      throw new IllegalArgumentException("the undo record holds " + before.length
          + " values for " + grad.indices().length + " updated parameters");
    }
    if (slots == null || (slots.length > 0 && slots[0].length != params.length)) {
      slots = new double[slotNames().length][params.length];
    }
    t++;
    options.clip(grad);
    int[] indices = grad.indices();
    double[] g = grad.values();
    long step = t;
    elementwise(indices.length, (from, to) -> {
      for (int block = from; block < to; block += UNDO_BLOCK) {
        int end = Math.min(to, block + UNDO_BLOCK);
        if (before != null) {
          for (int k = block; k < end; k++) {
            before[k] = params[indices[k]];
          }
        }
        updateSparse(params, indices, g, block, end, eta, step);
      }
    });
  }

  @Override
  public final double learningRate() {
    return lr;
  }

  @Override
  public final long steps() {
    return t;
  }

  @Override
  public final OptimizerState state() {
    Map<String, double[]> named = new LinkedHashMap<>();
    String[] names = slotNames();
    for (int i = 0; i < names.length && slots != null; i++) {
      named.put(names[i], slots[i]);
    }
    return new OptimizerState(toString(), t, named);
  }

  @Override
  public final void restore(OptimizerState state) {
    if (!state.spec().equals(toString())) {
      throw new IllegalArgumentException("optimizer state belongs to " + state.spec()
          + ", not to " + this);
    }
    String[] names = slotNames();
    if (state.steps() > 0 && names.length > 0) {
      slots = new double[names.length][];
      for (int i = 0; i < names.length; i++) {
        double[] values = state.slots().get(names[i]);
        if (values == null) {
          throw new IllegalArgumentException("optimizer state of " + this + " lacks array "
              + names[i]);
        }
        slots[i] = values.clone();
      }
    } else {
      slots = null;
    }
    t = state.steps();
  }

  @Override
  public final void reset() {
    slots = null;
    t = 0;
  }

  @Override
  public final Optimizer copy() {
    return with(lr, options);
  }

  @Override
  public final Optimizer withLearningRate(double value) {
    return with(value, options);
  }

  @Override
  public final Optimizer withWeightDecay(double value) {
    return with(lr, new OptimizerOptions(value, options.clipNorm()));
  }

  @Override
  public final Optimizer withClipNorm(double value) {
    return with(lr, new OptimizerOptions(options.weightDecay(), value));
  }

  @Override
  public final OptimizerOptions options() {
    return options;
  }

  @Override
  public final String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", org.minibatch.util.Specs.formatNumber(lr));
    args.putAll(hyperParameters());
    options.write(args);
    return org.minibatch.util.Specs.format(name(), args);
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof Optimizer other && other.toString().equals(toString());
  }

  @Override
  public final int hashCode() {
    return toString().hashCode();
  }
}
