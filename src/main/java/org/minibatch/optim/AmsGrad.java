package org.minibatch.optim;

import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * AMSGrad: Adam that divides by the largest second moment seen so far, so the effective rate of
 * a coordinate never grows back. Defined as PyTorch's {@code torch.optim.Adam(amsgrad=True)}
 * defines it: the maximum is kept of the raw v, and bias-corrected when used.
 *
 * <pre>
 *   m     = beta1 * m + (1 - beta1) * g
 *   v     = beta2 * v + (1 - beta2) * g^2
 *   v_max = max(v_max, v)
 *   theta = theta - eta * m / (1 - beta1^t) / (sqrt(v_max / (1 - beta2^t)) + eps)
 * </pre>
 *
 * Reddi, Kale and Kumar, "On the Convergence of Adam and Beyond", ICLR 2018.
 *
 * <p>Spec: {@code amsgrad(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)}.
 */
public final class AmsGrad extends AdamFamily {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "amsgrad";
  public static final double DEFAULT_LR = 0.001;

  public AmsGrad(double lr, double beta1, double beta2, double eps, OptimizerOptions options) {
    super(lr, beta1, beta2, eps, options);
  }

  static AmsGrad read(Specs.Reader spec) {
    return new AmsGrad(spec.number("lr", DEFAULT_LR, Range.positive()), readBeta1(spec),
        readBeta2(spec), readEps(spec), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"m", "v", "v_max"};
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] m = slot(0);
    double[] v = slot(1);
    double[] vMax = slot(2);
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        vMax[i] = Math.max(vMax[i], v[i]);
        theta[i] -= eta * (m[i] / correction1) / (Math.sqrt(vMax[i] / correction2) + eps);
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new AmsGrad(learningRate, beta1, beta2, eps, sharedOptions);
  }
}
