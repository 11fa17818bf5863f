package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Nesterov's accelerated gradient, as the lectures write it:
 *
 * <pre>
 *   h     = gamma * h + eta * grad J(theta - gamma * h)
 *   theta = theta - h
 * </pre>
 *
 * The gradient really is taken at the look-ahead point theta - gamma*h, where momentum alone
 * would carry the parameters: {@link #evaluationPoint} hands that point to the trainer, which
 * computes the gradient there (on Spark, it is simply the point broadcast to the executors). The
 * correction so sees the overshoot before it happens. L2 weight decay belongs to J, so its term
 * lambda*(theta - gamma*h) is taken at the same look-ahead point.
 * Yu. E. Nesterov, "A method of solving a convex programming problem with convergence rate
 * O(1/k^2)", Soviet Math. Doklady 27, 1983; in this form, Sutskever et al., ICML 2013.
 *
 * <p>Spec: {@code nesterov(lr=0.01,gamma=0.9)}.
 */
public final class Nesterov extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "nesterov";
  public static final double DEFAULT_LR = 0.01;
  public static final double DEFAULT_GAMMA = 0.9;

  private final double gamma;

  public Nesterov(double lr, double gamma, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
    this.gamma = Range.closedOpen(0, 1).check("gamma", gamma);
  }

  static Nesterov read(Specs.Reader spec) {
    return new Nesterov(spec.number("lr", DEFAULT_LR, Range.positive()),
        spec.number("gamma", DEFAULT_GAMMA, Range.closedOpen(0, 1)), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  /** theta - gamma*h, written into {@code scratch}; theta itself while h is still zero. */
  @Override
  public double[] evaluationPoint(double[] params, double[] scratch) {
    double[] h = slotIfPresent(0, params.length);
    if (h == null) {
      return params;
    }
    for (int i = 0; i < params.length; i++) {
      scratch[i] = params[i] - gamma * h[i];
    }
    return scratch;
  }

  @Override
  protected boolean decoupledWeightDecay() {
    return true;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"h"};
  }

  @Override
  protected Map<String, String> hyperParameters() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("gamma", Specs.formatNumber(gamma));
    return args;
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] h = slot(0);
    double lambda = options.weightDecay();
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        double gi = g[i] + lambda * (theta[i] - gamma * h[i]);
        h[i] = gamma * h[i] + eta * gi;
        theta[i] -= h[i];
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new Nesterov(learningRate, gamma, sharedOptions);
  }
}
