package org.minibatch.nn;

/**
 * Forward and backward propagation of one network over a block of rows, with BLAS gemm.
 *
 * <p>Row-major {@code rows x n} arrays are column-major {@code n x rows} matrices, so for layer l
 * with weights W (n_out x n_in row-major, see {@link NetworkSpec}):
 * <pre>
 *   forward    Z_l = A_{l-1} W^T + b           gemm(T, N): Z^T = W . A^T
 *              A_l = f(Z_l) (hidden); the output layer keeps its logits for the loss
 *   backward   D_L = dLoss/dZ_L               from {@link Loss#lossAndDelta}
 *              dW += D_l^T A_{l-1}             gemm(N, T): dW^T += A^T . D
 *              db += sum over rows of D_l
 *              D_{l-1} = (D_l W) * f'(A_{l-1})  gemm(N, N): D_{l-1}^T = W^T . D_l^T
 * </pre>
 * A first layer stored by input column ({@link NetworkSpec#firstLayerByInput()}: W^T, n_in x n_out
 * row-major, which is W column-major) takes gemm(N, N) forward, Z^T = W . A^T, and gemm(N, T)
 * backward, dW += D^T . A; it has no delta below it.
 *
 * Activations and deltas live in scratch buffers owned by this object, grown to the largest batch
 * seen and then reused, so a warm instance allocates nothing per batch. Not thread-safe: use one
 * instance per thread.
 */
public final class Backprop {
  private final NetworkSpec spec;
  private final double[][] activations;
  private final double[][] deltas;
  private int capacity;

  public Backprop(NetworkSpec spec) {
    this.spec = spec;
    this.activations = new double[spec.layers() + 1][];
    this.deltas = new double[spec.layers() + 1][];
  }

  public NetworkSpec spec() {
    return spec;
  }

  /**
   * Sum over the rows of the loss, and its gradient added into {@code grad}.
   *
   * @param x rows x inputs, row-major
   * @param y rows x targetWidth, row-major
   * @param grad receives += d(sum of row losses)/d(params); the caller divides by the row count
   */
  public double lossAndGradient(double[] params, double[] x, double[] y, int rows,
      double[] grad) {
    return lossAndGradient(params, x, y, null, rows, grad);
  }

  /**
   * As {@link #lossAndGradient(double[], double[], double[], int, double[])} with row r
   * weighted by {@code w[r]} ({@link Loss}); {@code w} null: every row 1.
   */
  public double lossAndGradient(double[] params, double[] x, double[] y, double[] w, int rows,
      double[] grad) {
    return lossAndGradient(params, x, null, y, w, rows, grad);
  }

  /**
   * As {@link #lossAndGradient(double[], double[], double[], double[], int, double[])} for rows
   * in CSR form ({@link SparseRows}, float64 values): the first layer reads only the columns
   * present in the batch and writes its weight gradient at those columns into
   * {@link SparseRows#columnGradient}; {@code rest} receives += the gradient of every parameter
   * after the first layer's weights (parameter i at i - n_in n_out).
   */
  public double lossAndGradient(double[] params, SparseRows x, double[] y, double[] w,
      double[] rest) {
    return lossAndGradient(params, null, x, y, w, x.rows(), rest);
  }

  /**
   * The step on dense rows {@code x} into {@code grad}, or on sparse rows {@code sx} (x null)
   * into the rows' column gradient and {@code grad} shifted past the first layer's weights.
   */
  private double lossAndGradient(double[] params, double[] x, SparseRows sx, double[] y,
      double[] w, int rows, double[] grad) {
    int shift = sx == null ? 0 : spec.biasOffset(1);
    forward(params, x, sx, rows);
    int layers = spec.layers();
    int k = spec.outputs();
    double loss = spec.loss().lossAndDelta(spec.output(), activations[layers], y, w, rows, k,
        deltas[layers]);
    for (int l = layers; l >= 1; l--) {
      int nIn = spec.size(l - 1);
      int nOut = spec.size(l);
      double[] below = l == 1 ? x : activations[l - 1];
      double[] delta = deltas[l];
      if (below == null) {
        sx.addWeightGradient(delta, nOut);
      } else if (l == 1 && spec.firstLayerByInput()) {
        Blas.dgemm(false, true, nOut, nIn, rows, 1.0, delta, 0, nOut, below, 0, nIn, 1.0,
            grad, spec.weightOffset(l), nOut);
      } else {
        Blas.dgemm(false, true, nIn, nOut, rows, 1.0, below, 0, nIn, delta, 0, nOut, 1.0,
            grad, spec.weightOffset(l) - shift, nIn);
      }
      int bias = spec.biasOffset(l) - shift;
      for (int r = 0; r < rows; r++) {
        int off = r * nOut;
        for (int o = 0; o < nOut; o++) {
          grad[bias + o] += delta[off + o];
        }
      }
      if (l > 1) {
        double[] deltaBelow = deltas[l - 1];
        Blas.dgemm(false, false, nIn, rows, nOut, 1.0, params, spec.weightOffset(l), nIn,
            delta, 0, nOut, 0.0, deltaBelow, 0, nIn);
        spec.hidden().multiplyDerivative(activations[l - 1], deltaBelow, 0, rows * nIn);
      }
    }
    return loss;
  }

  /** Sum over the rows of the loss, without gradient (validation). */
  public double loss(double[] params, double[] x, double[] y, int rows) {
    return loss(params, x, y, null, rows);
  }

  /** Sum over the rows of w_r times the loss ({@code w} null: every row 1). */
  public double loss(double[] params, double[] x, double[] y, double[] w, int rows) {
    forwardLogits(params, x, rows);
    return spec.loss().loss(spec.output(), activations[spec.layers()], y, w, rows,
        spec.outputs());
  }

  /** As {@link #loss(double[], double[], double[], double[], int)} for sparse rows. */
  public double loss(double[] params, SparseRows x, double[] y, double[] w) {
    int rows = x.rows();
    forward(params, null, x, rows);
    return spec.loss().loss(spec.output(), activations[spec.layers()], y, w, rows,
        spec.outputs());
  }

  /**
   * Network outputs (probabilities for softmax and sigmoid, values for identity) for {@code rows}
   * rows of {@code x}, written into {@code out} (rows x outputs, row-major).
   */
  public void predict(double[] params, double[] x, int rows, double[] out) {
    outputs(forwardLogits(params, x, rows), rows, out);
  }

  /** As {@link #predict(double[], double[], int, double[])} for sparse rows. */
  public void predict(double[] params, SparseRows x, double[] out) {
    outputs(forward(params, null, x, x.rows()), x.rows(), out);
  }

  private void outputs(double[] logits, int rows, double[] out) {
    int k = spec.outputs();
    System.arraycopy(logits, 0, out, 0, rows * k);
    for (int r = 0; r < rows; r++) {
      spec.output().applyInPlace(out, r * k, k);
    }
  }

  /**
   * Runs the layers and returns the buffer holding the output logits (rows x outputs); it stays
   * valid until the next call on this instance.
   */
  public double[] forwardLogits(double[] params, double[] x, int rows) {
    return forward(params, x, null, rows);
  }

  /** As {@link #forwardLogits(double[], double[], int)} for sparse rows. */
  public double[] forwardLogits(double[] params, SparseRows x) {
    return forward(params, null, x, x.rows());
  }

  /** The layers over dense rows {@code x}, or sparse rows {@code sx} when x is null. */
  private double[] forward(double[] params, double[] x, SparseRows sx, int rows) {
    ensureCapacity(rows);
    int layers = spec.layers();
    for (int l = 1; l <= layers; l++) {
      int nIn = spec.size(l - 1);
      int nOut = spec.size(l);
      double[] below = l == 1 ? x : activations[l - 1];
      double[] z = activations[l];
      int bias = spec.biasOffset(l);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(params, bias, z, r * nOut, nOut);
      }
      if (below == null) {
        sx.multiplyTransposed(params, spec.weightOffset(l), nIn, nOut, spec.firstLayerByInput(),
            z);
      } else if (l == 1 && spec.firstLayerByInput()) {
        Blas.dgemm(false, false, nOut, rows, nIn, 1.0, params, spec.weightOffset(l), nOut,
            below, 0, nIn, 1.0, z, 0, nOut);
      } else {
        Blas.dgemm(true, false, nOut, rows, nIn, 1.0, params, spec.weightOffset(l), nIn,
            below, 0, nIn, 1.0, z, 0, nOut);
      }
      if (l < layers) {
        spec.hidden().applyInPlace(z, 0, rows * nOut);
      }
    }
    return activations[layers];
  }

  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    for (int l = 1; l <= spec.layers(); l++) {
      activations[l] = new double[rows * spec.size(l)];
      deltas[l] = new double[rows * spec.size(l)];
    }
    capacity = rows;
  }
}
