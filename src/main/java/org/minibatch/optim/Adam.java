package org.minibatch.optim;

import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Adam: momentum (the first moment m) divided by the RMS of recent gradients (the second moment
 * v), both bias-corrected because they start at zero.
 *
 * <pre>
 *   m     = beta1 * m + (1 - beta1) * g
 *   v     = beta2 * v + (1 - beta2) * g^2
 *   mhat  = m / (1 - beta1^t)
 *   vhat  = v / (1 - beta2^t)
 *   theta = theta - eta * mhat / (sqrt(vhat) + eps)
 * </pre>
 *
 * The step per coordinate is about eta whatever the gradient's scale, which is why Adam escapes
 * flat saddles that stall plain gradient descent. Same as PyTorch's {@code Adam} with its
 * defaults. Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015
 * (arXiv:1412.6980).
 *
 * <p>Spec: {@code adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)}. Not final: {@link LazyAdam}
 * is this rule with a sparse step of its own.
 */
public class Adam extends AdamFamily {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "adam";
  public static final double DEFAULT_LR = 0.001;

  public Adam(double lr, double beta1, double beta2, double eps, OptimizerOptions options) {
    super(lr, beta1, beta2, eps, options);
  }

  static Adam read(Specs.Reader spec) {
    return new Adam(spec.number("lr", DEFAULT_LR, Range.positive()), readBeta1(spec),
        readBeta2(spec), readEps(spec), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"m", "v"};
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] m = slot(0);
    double[] v = slot(1);
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        double mhat = m[i] / correction1;
        double vhat = v[i] / correction2;
        theta[i] -= eta * mhat / (Math.sqrt(vhat) + eps);
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new Adam(learningRate, beta1, beta2, eps, sharedOptions);
  }
}
