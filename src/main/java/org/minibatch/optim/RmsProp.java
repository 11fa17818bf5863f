package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * RMSProp: AdaGrad with an exponential moving average of squared gradients instead of their
 * sum, so the per-coordinate rate adapts to recent gradients and does not fade to zero.
 *
 * <pre>
 *   G     = beta * G + (1 - beta) * g^2
 *   theta = theta - eta * g / (sqrt(G) + eps)
 * </pre>
 *
 * with G = 0 before the first step. Same as PyTorch's {@code RMSprop} (its {@code alpha} is
 * beta here) without momentum or centering. Tieleman and Hinton, "Lecture 6.5 - RMSProp",
 * COURSERA: Neural Networks for Machine Learning, 2012.
 *
 * <p>Spec: {@code rmsprop(lr=0.01,beta=0.99,eps=1e-8)}.
 */
public final class RmsProp extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "rmsprop";
  public static final double DEFAULT_LR = 0.01;
  public static final double DEFAULT_BETA = 0.99;
  public static final double DEFAULT_EPS = 1e-8;

  private final double beta;
  private final double eps;

  public RmsProp(double lr, double beta, double eps, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
    this.beta = Range.closedOpen(0, 1).check("beta", beta);
    this.eps = Range.positive().check("eps", eps);
  }

  static RmsProp read(Specs.Reader spec) {
    return new RmsProp(spec.number("lr", DEFAULT_LR, Range.positive()),
        spec.number("beta", DEFAULT_BETA, Range.closedOpen(0, 1)),
        spec.number("eps", DEFAULT_EPS, Range.positive()), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"G"};
  }

  @Override
  protected Map<String, String> hyperParameters() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("beta", Specs.formatNumber(beta));
    args.put("eps", Specs.formatNumber(eps));
    return args;
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] mean = slot(0);
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        mean[i] = beta * mean[i] + (1 - beta) * g[i] * g[i];
        theta[i] -= eta * g[i] / (Math.sqrt(mean[i]) + eps);
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new RmsProp(learningRate, beta, eps, sharedOptions);
  }
}
