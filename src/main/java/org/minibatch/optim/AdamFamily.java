package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * What Adam and its variants share: the decay rates beta1 and beta2 of the first and second
 * moment estimates, eps, their defaults and validation, and how they print.
 */
abstract class AdamFamily extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPS = 1e-8;

  protected final double beta1;
  protected final double beta2;
  protected final double eps;

  AdamFamily(double lr, double beta1, double beta2, double eps, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
    this.beta1 = Range.closedOpen(0, 1).check("beta1", beta1);
    this.beta2 = Range.closedOpen(0, 1).check("beta2", beta2);
    this.eps = Range.positive().check("eps", eps);
  }

  static double readBeta1(Specs.Reader spec) {
    return spec.number("beta1", DEFAULT_BETA1, Range.closedOpen(0, 1));
  }

  static double readBeta2(Specs.Reader spec) {
    return spec.number("beta2", DEFAULT_BETA2, Range.closedOpen(0, 1));
  }

  static double readEps(Specs.Reader spec) {
    return spec.number("eps", DEFAULT_EPS, Range.positive());
  }

  @Override
  protected Map<String, String> hyperParameters() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("beta1", Specs.formatNumber(beta1));
    args.put("beta2", Specs.formatNumber(beta2));
    args.put("eps", Specs.formatNumber(eps));
    return args;
  }
}
