package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Adadelta: RMSProp whose step is rescaled by the RMS of the previous steps, so the update has
 * the units of the parameters (a diagonal Newton step) and needs no learning rate.
 *
 * <pre>
 *   E[g2]  = rho * E[g2] + (1 - rho) * g^2
 *   d      = sqrt(E[dx2] + eps) / sqrt(E[g2] + eps) * g
 *   E[dx2] = rho * E[dx2] + (1 - rho) * d^2
 *   theta  = theta - eta * d
 * </pre>
 *
 * with both averages 0 before the first step. eta defaults to 1 (the paper has none); it is kept
 * so schedules apply. Same as PyTorch's {@code Adadelta}. M. D. Zeiler, "ADADELTA: An Adaptive
 * Learning Rate Method", arXiv:1212.5701, 2012.
 *
 * <p>Spec: {@code adadelta(lr=1,rho=0.9,eps=1e-6)}.
 */
public final class Adadelta extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "adadelta";
  public static final double DEFAULT_LR = 1.0;
  public static final double DEFAULT_RHO = 0.9;
  public static final double DEFAULT_EPS = 1e-6;

  private final double rho;
  private final double eps;

  public Adadelta(double lr, double rho, double eps, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
    this.rho = Range.closedOpen(0, 1).check("rho", rho);
    this.eps = Range.positive().check("eps", eps);
  }

  static Adadelta read(Specs.Reader spec) {
    return new Adadelta(spec.number("lr", DEFAULT_LR, Range.positive()),
        spec.number("rho", DEFAULT_RHO, Range.closedOpen(0, 1)),
        spec.number("eps", DEFAULT_EPS, Range.positive()), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String[] slotNames() {
    return new String[] {"Eg2", "Edx2"};
  }

  @Override
  protected Map<String, String> hyperParameters() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("rho", Specs.formatNumber(rho));
    args.put("eps", Specs.formatNumber(eps));
    return args;
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    double[] eg2 = slot(0);
    double[] edx2 = slot(1);
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        eg2[i] = rho * eg2[i] + (1 - rho) * g[i] * g[i];
        double d = Math.sqrt(edx2[i] + eps) / Math.sqrt(eg2[i] + eps) * g[i];
        edx2[i] = rho * edx2[i] + (1 - rho) * d * d;
        theta[i] -= eta * d;
      }
    });
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new Adadelta(learningRate, rho, eps, sharedOptions);
  }
}
