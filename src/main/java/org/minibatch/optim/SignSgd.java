package org.minibatch.optim;

import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Sign gradient descent: every coordinate moves by exactly eta, in the direction of descent.
 *
 * <pre>
 *   theta = theta - eta * sign(g)
 * </pre>
 *
 * The step ignores the gradient's size, so it crosses plateaus and ravines at the same pace and
 * never explodes; it needs a decaying schedule to settle. Bernstein et al., "signSGD: Compressed
 * Optimisation for Non-Convex Problems", ICML 2018 (the rule itself is Rprop's core, Riedmiller
 * and Braun 1993). Spec: {@code sign_sgd(lr=0.01)}.
 */
public final class SignSgd extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "sign_sgd";
  public static final double DEFAULT_LR = 0.01;

  public SignSgd(double lr, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
  }

  static SignSgd read(Specs.Reader spec) {
    return new SignSgd(spec.number("lr", DEFAULT_LR, Range.positive()),
        OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String[] slotNames() {
    return new String[0];
  }

  @Override
  protected Map<String, String> hyperParameters() {
    return Map.of();
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        theta[i] -= eta * Math.signum(g[i]);
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new SignSgd(learningRate, sharedOptions);
  }
}
