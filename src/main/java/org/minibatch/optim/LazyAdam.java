package org.minibatch.optim;

import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Lazy Adam: Adam that, for a sparse batch, moves only the parameters its gradient touches
 * (the first layer's columns present in the batch, and the layers above); the others keep
 * their weights and both moments, where Adam would decay the moments and keep stepping along
 * the old momentum. TensorFlow Addons' {@code LazyAdam} and PyTorch's {@code SparseAdam} (for
 * embeddings) do the same. For a gradient of the parameters present:
 *
 * <pre>
 *   m_i   = beta1 * m_i + (1 - beta1) * g_i
 *   v_i   = beta2 * v_i + (1 - beta2) * g_i^2
 *   theta_i = theta_i - eta * (m_i / (1 - beta1^t)) / (sqrt(v_i / (1 - beta2^t)) + eps)
 * </pre>
 *
 * with t the optimizer's step count, as in {@link Adam}, whose dense update it inherits: on
 * dense data every parameter is present and the steps are Adam's, bit for bit. On sparse data it is not Adam (a rare column's
 * update is a large one whenever it shows up), and it is the choice that makes a step's cost
 * follow the batch's non-zeros; {@code adam} stays the default and the exact one.
 *
 * <p>Spec: {@code lazy_adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)}.
 */
public final class LazyAdam extends Adam {
  private static final long serialVersionUID = 1L;
  public static final String NAME = "lazy_adam";

  public LazyAdam(double lr, double beta1, double beta2, double eps, OptimizerOptions options) {
    super(lr, beta1, beta2, eps, options);
  }

  static LazyAdam read(Specs.Reader spec) {
    return new LazyAdam(spec.number("lr", DEFAULT_LR, Range.positive()), readBeta1(spec),
        readBeta2(spec), readEps(spec), OptimizerOptions.read(spec));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  protected boolean sparseRule() {
    return true;
  }

  /** Adam's update at the present parameters only; the others keep weights and moments. */
  @Override
  protected void updateSparse(double[] theta, int[] indices, double[] g, int from, int to,
      double eta, long t) {
    double[] m = slot(0);
    double[] v = slot(1);
    double correction1 = 1 - Math.pow(beta1, t);
    double correction2 = 1 - Math.pow(beta2, t);
    for (int k = from; k < to; k++) {
      int i = indices[k];
      m[i] = beta1 * m[i] + (1 - beta1) * g[k];
      v[i] = beta2 * v[i] + (1 - beta2) * g[k] * g[k];
      double mhat = m[i] / correction1;
      double vhat = v[i] / correction2;
      theta[i] -= eta * mhat / (Math.sqrt(vhat) + eps);
    }
  }

  @Override
  protected Optimizer with(double learningRate, OptimizerOptions sharedOptions) {
    return new LazyAdam(learningRate, beta1, beta2, eps, sharedOptions);
  }
}
