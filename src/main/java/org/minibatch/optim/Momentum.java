package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Gradient descent with momentum (the heavy ball), as the lectures write it:
 *
 * <pre>
 *   h     = gamma * h + eta * g
 *   theta = theta - h
 * </pre>
 *
 * with h = 0 before the first step. The velocity h accumulates past steps, so directions where
 * the gradient keeps its sign speed up by up to 1/(1-gamma) and oscillating ones cancel out.
 * Because eta sits inside h, a schedule's rate scales new gradients only, not the velocity
 * (PyTorch's {@code SGD(momentum=...)} multiplies the whole velocity by the current rate; the two
 * agree when the rate is constant). B. T. Polyak, "Some methods of speeding up the convergence of
 * iteration methods", USSR Comp. Math. and Math. Physics 4(5), 1964.
 *
 * <p>Spec: {@code momentum(lr=0.01,gamma=0.9)}.
 */
public final class Momentum extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "momentum";
  public static final double DEFAULT_LR = 0.01;
  public static final double DEFAULT_GAMMA = 0.9;

  private final double gamma;

  public Momentum(double lr, double gamma, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
    this.gamma = Range.closedOpen(0, 1).check("gamma", gamma);
  }

  static Momentum read(Specs.Reader spec) {
    return new Momentum(spec.number("lr", DEFAULT_LR, Range.positive()),
        spec.number("gamma", DEFAULT_GAMMA, Range.closedOpen(0, 1)), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
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
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        h[i] = gamma * h[i] + eta * g[i];
        theta[i] -= h[i];
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new Momentum(learningRate, gamma, sharedOptions);
  }
}
