package org.minibatch.optim;

import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * AdamW: Adam with decoupled weight decay, defined as PyTorch's {@code torch.optim.AdamW}
 * defines it. The weights shrink by eta*lambda directly instead of through the gradient, so the
 * decay is not divided by sqrt(vhat) and acts the same on every coordinate:
 *
 * <pre>
 *   theta = theta * (1 - eta * lambda)
 *   m     = beta1 * m + (1 - beta1) * g
 *   v     = beta2 * v + (1 - beta2) * g^2
 *   mhat  = m / (1 - beta1^t)
 *   vhat  = v / (1 - beta2^t)
 *   theta = theta - eta * mhat / (sqrt(vhat) + eps)
 * </pre>
 *
 * lambda is {@code weight_decay}, 0.01 by default as in PyTorch (the other optimizers default to
 * no decay). Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019
 * (arXiv:1711.05101).
 *
 * <p>Spec: {@code adamw(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8,weight_decay=0.01)}.
 */
public final class AdamW extends AdamFamily {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "adamw";
  public static final double DEFAULT_LR = 0.001;
  public static final double DEFAULT_WEIGHT_DECAY = 0.01;

  public AdamW(double lr, double beta1, double beta2, double eps, OptimizerOptions options) {
    super(lr, beta1, beta2, eps, options);
  }

  static AdamW read(Specs.Reader spec) {
    return new AdamW(spec.number("lr", DEFAULT_LR, Range.positive()), readBeta1(spec),
        readBeta2(spec), readEps(spec), OptimizerOptions.read(spec, DEFAULT_WEIGHT_DECAY));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected boolean decoupledWeightDecay() {
    return true;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"m", "v"};
  }

  /** Always names weight_decay: its default is not zero, so a spec without it would differ. */
  @Override
  protected Map<String, String> hyperParameters() {
    Map<String, String> args = super.hyperParameters();
    args.put("weight_decay", Specs.formatNumber(options.weightDecay()));
    return args;
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] m = slot(0);
    double[] v = slot(1);
    double shrink = 1 - eta * options.weightDecay();
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        theta[i] *= shrink;
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
    return new AdamW(learningRate, beta1, beta2, eps, sharedOptions);
  }
}
