package org.minibatch.optim;

import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Plain (stochastic, mini-batch) gradient descent.
 *
 * <pre>
 *   theta = theta - eta * g
 * </pre>
 *
 * Spec: {@code sgd(lr=0.01)}.
 */
public final class Sgd extends AbstractOptimizer {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "sgd";
  public static final double DEFAULT_LR = 0.01;

  public Sgd(double lr, OptimizerOptions options) {
    super(Range.positive().check("lr", lr), options);
  }

  static Sgd read(Specs.Reader spec) {
    return new Sgd(spec.number("lr", DEFAULT_LR, Range.positive()), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected String[] slotNames() {
    return new String[0];
  }

  @Override
  protected Map<String, String> hyperParameters() {
    return Map.of();
  }

  @Override
  protected void update(double[] theta, double[] g, double eta, long t) {
    elementwise(theta.length, (from, to) -> {
      for (int i = from; i < to; i++) {
        theta[i] -= eta * g[i];
      }
    });
  }

  @Override
  protected boolean sparseRule() {
    return true;
  }

  @Override
  protected void updateSparse(double[] theta, int[] indices, double[] g, int from, int to,
      double eta, long t) {
    for (int k = from; k < to; k++) {
      theta[indices[k]] -= eta * g[k];
    }
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new Sgd(learningRate, sharedOptions);
  }
}
