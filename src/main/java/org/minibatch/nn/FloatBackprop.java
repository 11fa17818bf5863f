package org.minibatch.nn;

/**
 * {@link Backprop} in float32: the same equations and layout, with sgemm (about twice the rate of
 * dgemm here) and half the memory traffic. Weights come in as float32, gradients go out as
 * float32 sums over the block; the loss and its delta at the output (a few values per row) are
 * computed in double by {@link Loss} and rounded once. Gradients agree with the float64 ones to
 * float32 precision (relative error around 1e-6, see its test); exact gradient checks use
 * {@link Backprop}. Not thread-safe: one instance per thread.
 */
public final class FloatBackprop {
  private final NetworkSpec spec;
  private final float[][] activations;
  private final float[][] deltas;
  private double[] logits = new double[0];
  private double[] outputDelta = new double[0];
  private double[] targets = new double[0];
  private int capacity;

  public FloatBackprop(NetworkSpec spec) {
    this.spec = spec;
    this.activations = new float[spec.layers() + 1][];
    this.deltas = new float[spec.layers() + 1][];
  }

  public NetworkSpec spec() {
    return spec;
  }

  /**
   * Sum over the rows of the loss; the gradient of that sum is added into {@code grad}.
   *
   * @param x rows x inputs, row-major
   * @param y rows x targetWidth, row-major
   */
  public double lossAndGradient(float[] params, float[] x, float[] y, int rows, float[] grad) {
    return lossAndGradient(params, x, y, null, rows, grad);
  }

  /** As above with row r weighted by {@code w[r]} ({@link Loss}); {@code w} null: all 1. */
  public double lossAndGradient(float[] params, float[] x, float[] y, double[] w, int rows,
      float[] grad) {
    return lossAndGradient(params, null, x, null, y, w, rows, grad);
  }

  /**
   * As above for rows in CSR form ({@link SparseRows}, float32 values): the first layer reads
   * only the columns present in the batch and writes its weight gradient at those columns into
   * {@link SparseRows#floatColumnGradient}; {@code rest} receives += the gradient of every
   * parameter after the first layer's weights (parameter i at i - n_in n_out).
   */
  public double lossAndGradient(float[] params, SparseRows x, float[] y, double[] w,
      float[] rest) {
    return lossAndGradient(params, null, null, x, y, w, x.rows(), rest);
  }

  /**
   * As {@link #lossAndGradient(float[], SparseRows, float[], double[], float[])} with the first
   * layer's weights read from the float64 {@code weights} and rounded to float32 as they are
   * read (the bits a rounded copy would give), and every other parameter from the float32
   * {@code restPoint} (parameter i at i - n_in n_out): the batch's columns are all the step
   * reads of the first layer, so a wide one needs no float32 copy.
   */
  public double lossAndGradient(double[] weights, float[] restPoint, SparseRows x, float[] y,
      double[] w, float[] rest) {
    return lossAndGradient(restPoint, weights, null, x, y, w, x.rows(), rest);
  }

  /**
   * The step on dense rows {@code x} into {@code grad}, or on sparse rows {@code sx} (x null)
   * into the rows' column gradient and {@code grad} shifted past the first layer's weights.
   */
  private double lossAndGradient(float[] params, double[] wide, float[] x, SparseRows sx,
      float[] y, double[] w, int rows, float[] grad) {
    int shift = sx == null ? 0 : spec.biasOffset(1);
    forward(params, wide, x, sx, rows);
    int layers = spec.layers();
    int k = spec.outputs();
    int n = rows * k;
    float[] z = activations[layers];
    float[] top = deltas[layers];
    for (int i = 0; i < n; i++) {
      logits[i] = z[i];
    }
    int targetValues = rows * spec.targetWidth();
    for (int i = 0; i < targetValues; i++) {
      targets[i] = y[i];
    }
    double loss = spec.loss().lossAndDelta(spec.output(), logits, targets, w, rows, k,
        outputDelta);
    for (int i = 0; i < n; i++) {
      top[i] = (float) outputDelta[i];
    }
    for (int l = layers; l >= 1; l--) {
      int nIn = spec.size(l - 1);
      int nOut = spec.size(l);
      float[] below = l == 1 ? x : activations[l - 1];
      float[] delta = deltas[l];
      if (below == null) {
        sx.addWeightGradient(delta, nOut);
      } else if (l == 1 && spec.firstLayerByInput()) {
        Blas.sgemm(false, true, nOut, nIn, rows, 1f, delta, 0, nOut, below, 0, nIn, 1f,
            grad, spec.weightOffset(l), nOut);
      } else {
        Blas.sgemm(false, true, nIn, nOut, rows, 1f, below, 0, nIn, delta, 0, nOut, 1f,
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
        float[] deltaBelow = deltas[l - 1];
        Blas.sgemm(false, false, nIn, rows, nOut, 1f, params,
            spec.weightOffset(l) - (wide == null ? 0 : shift), nIn, delta, 0, nOut, 0f,
            deltaBelow, 0, nIn);
        spec.hidden().multiplyDerivative(activations[l - 1], deltaBelow, 0, rows * nIn);
      }
    }
    return loss;
  }

  /**
   * Runs the layers and returns the buffer holding the output logits (rows x outputs); it stays
   * valid until the next call on this instance.
   */
  public float[] forwardLogits(float[] params, float[] x, int rows) {
    return forward(params, null, x, null, rows);
  }

  /**
   * The layers over dense rows {@code x}, or sparse rows {@code sx} when x is null; with
   * {@code wide}, the first layer's weights come from it and {@code params} starts after them.
   */
  private float[] forward(float[] params, double[] wide, float[] x, SparseRows sx, int rows) {
    ensureCapacity(rows);
    int layers = spec.layers();
    int shift = wide == null ? 0 : spec.biasOffset(1);
    for (int l = 1; l <= layers; l++) {
      int nIn = spec.size(l - 1);
      int nOut = spec.size(l);
      float[] below = l == 1 ? x : activations[l - 1];
      float[] z = activations[l];
      int bias = spec.biasOffset(l) - shift;
      for (int r = 0; r < rows; r++) {
        System.arraycopy(params, bias, z, r * nOut, nOut);
      }
      if (below == null && wide != null) {
        sx.multiplyTransposed(wide, spec.weightOffset(l), nIn, nOut, spec.firstLayerByInput(),
            z);
      } else if (below == null) {
        sx.multiplyTransposed(params, spec.weightOffset(l), nIn, nOut, spec.firstLayerByInput(),
            z);
      } else if (l == 1 && spec.firstLayerByInput()) {
        Blas.sgemm(false, false, nOut, rows, nIn, 1f, params, spec.weightOffset(l), nOut,
            below, 0, nIn, 1f, z, 0, nOut);
      } else {
        Blas.sgemm(true, false, nOut, rows, nIn, 1f, params, spec.weightOffset(l) - shift, nIn,
            below, 0, nIn, 1f, z, 0, nOut);
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
      activations[l] = new float[rows * spec.size(l)];
      deltas[l] = new float[rows * spec.size(l)];
    }
    int k = spec.outputs();
    logits = new double[rows * k];
    outputDelta = new double[rows * k];
    targets = new double[rows * spec.targetWidth()];
    capacity = rows;
  }
}
