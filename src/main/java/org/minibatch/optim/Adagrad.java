package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * AdaGrad: a per-coordinate rate that shrinks with the sum of that coordinate's squared
 * gradients, so rarely updated (sparse) coordinates keep large steps.
 *
 * <pre>
 *   G     = G + g^2
 *   theta = theta - eta * g / (sqrt(G) + eps)
 * </pre>
 *
 * with G = 0 before the first step (element-wise operations). G never decreases, so the steps
 * fade away over long runs; RMSProp and Adadelta fix that. Same as PyTorch's {@code Adagrad}
 * with its defaults. Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning
 * and Stochastic Optimization", JMLR 12, 2011.
 *
 * <p>Spec: {@code adagrad(lr=0.01,eps=1e-10)}.
 */
public final class Adagrad extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "adagrad";
  public static final double DEFAULT_LR = 0.01;
  public static final double DEFAULT_EPS = 1e-10;

  private final double eps;

  public Adagrad(double lr, double eps, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
    this.eps = Range.positive().check("eps", eps);
  }

  static Adagrad read(Specs.Reader spec) {
    return new Adagrad(spec.number("lr", DEFAULT_LR, Range.positive()),
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
    args.put("eps", Specs.formatNumber(eps));
    return args;
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] sum = slot(0);
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        sum[i] += g[i] * g[i];
        theta[i] -= eta * g[i] / (Math.sqrt(sum[i]) + eps);
      }
    });
  }

  /** A zero gradient adds nothing to G and moves nothing (eps > 0 keeps 0 / 0 away). */
  @Override
  protected boolean sparseRule() {
    return true;
  }

  @Override
  protected void updateSparse(double[] theta, int[] indices, double[] g, int from, int to,
      double eta, long t) {
    double[] sum = slot(0);
    for (int k = from; k < to; k++) {
      int i = indices[k];
      sum[i] += g[k] * g[k];
      theta[i] -= eta * g[k] / (Math.sqrt(sum[i]) + eps);
    }
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new Adagrad(learningRate, eps, sharedOptions);
  }
}
