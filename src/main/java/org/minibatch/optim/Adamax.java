package org.minibatch.optim;

import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Adamax: Adam with the infinity norm in place of the RMS, defined as PyTorch's
 * {@code torch.optim.Adamax} defines it (eps inside the maximum, only m bias-corrected):
 *
 * <pre>
 *   m     = beta1 * m + (1 - beta1) * g
 *   u     = max(beta2 * u, |g| + eps)
 *   theta = theta - eta / (1 - beta1^t) * m / u
 * </pre>
 *
 * Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.1.
 *
 * <p>Spec: {@code adamax(lr=0.002,beta1=0.9,beta2=0.999,eps=1e-8)}.
 */
public final class Adamax extends AdamFamily {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "adamax";
  public static final double DEFAULT_LR = 0.002;

  public Adamax(double lr, double beta1, double beta2, double eps, OptimizerOptions options) {
    super(lr, beta1, beta2, eps, options);
  }

  static Adamax read(Specs.Reader spec) {
    return new Adamax(spec.number("lr", DEFAULT_LR, Range.positive()), readBeta1(spec),
        readBeta2(spec), readEps(spec), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"m", "u"};
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] m = slot(0);
    double[] u = slot(1);
    double stepSize = eta / (1 - Math.pow(beta1, t));
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        u[i] = Math.max(beta2 * u[i], Math.abs(g[i]) + eps);
        theta[i] -= stepSize * m[i] / u[i];
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new Adamax(learningRate, beta1, beta2, eps, sharedOptions);
  }
}
