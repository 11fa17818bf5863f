package org.minibatch.optim;

import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * NAdam: Adam with Nesterov momentum, defined as PyTorch's {@code torch.optim.NAdam} defines it,
 * including its momentum schedule mu_t (psi = {@code momentum_decay}):
 *
 * <pre>
 *   mu_t  = beta1 * (1 - 0.5 * 0.96^(t * psi))
 *   m     = beta1 * m + (1 - beta1) * g
 *   v     = beta2 * v + (1 - beta2) * g^2
 *   mhat  = mu_{t+1} * m / (1 - prod_{i=1..t+1} mu_i) + (1 - mu_t) * g / (1 - prod_{i=1..t} mu_i)
 *   vhat  = v / (1 - beta2^t)
 *   theta = theta - eta * mhat / (sqrt(vhat) + eps)
 * </pre>
 *
 * Weight decay is PyTorch's default L2 form (added to g). T. Dozat, "Incorporating Nesterov
 * Momentum into Adam", ICLR 2016 workshop.
 *
 * <p>Spec: {@code nadam(lr=0.002,beta1=0.9,beta2=0.999,eps=1e-8,momentum_decay=0.004)}.
 */
public final class NAdam extends AdamFamily {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "nadam";
  public static final double DEFAULT_LR = 0.002;
  public static final double DEFAULT_MOMENTUM_DECAY = 0.004;

  private final double momentumDecay;
  // prod_{i=1..t} mu_i is a pure function of t, so it is not part of the state: it is cached
  // here (and recomputed after a restore or reset) in the order PyTorch multiplies it.
  private transient long productSteps;
  private transient double product;

  public NAdam(double lr, double beta1, double beta2, double eps, double momentumDecay,
      OptimizerOptions options) {
    super(lr, beta1, beta2, eps, options);
    this.momentumDecay = Range.nonNegative().check("momentum_decay", momentumDecay);
  }

  static NAdam read(Specs.Reader spec) {
    return new NAdam(spec.number("lr", DEFAULT_LR, Range.positive()), readBeta1(spec),
        readBeta2(spec), readEps(spec),
        spec.number("momentum_decay", DEFAULT_MOMENTUM_DECAY, Range.nonNegative()),
        OptimizerOptions.read(spec));
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
  protected Map<String, String> hyperParameters() {
    Map<String, String> args = super.hyperParameters();
    args.put("momentum_decay", Specs.formatNumber(momentumDecay));
    return args;
  }

  private double mu(long t) {
    return beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
  }

  /** prod_{i=1..t} mu_i. */
  private double muProduct(long t) {
    boolean reuse = productSteps > 0 && productSteps <= t;
    double p = reuse ? product : 1;
    for (long i = reuse ? productSteps + 1 : 1; i <= t; i++) {
      p *= mu(i);
    }
    productSteps = t;
    product = p;
    return p;
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] m = slot(0);
    double[] v = slot(1);
    double mu = mu(t);
    double muNext = mu(t + 1);
    double prod = muProduct(t);
    double gradWeight = eta * (1 - mu) / (1 - prod);
    double momentumWeight = eta * muNext / (1 - prod * muNext);
    double correction2 = 1 - Math.pow(beta2, t);
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
        double denom = Math.sqrt(v[i] / correction2) + eps;
        // Two separate subtractions, in PyTorch's order, to round as it does.
        theta[i] -= gradWeight * g[i] / denom;
        theta[i] -= momentumWeight * m[i] / denom;
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new NAdam(learningRate, beta1, beta2, eps, momentumDecay, sharedOptions);
  }
}
