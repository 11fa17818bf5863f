package org.minibatch.train;

import org.minibatch.nn.Backprop;
import org.minibatch.nn.DataBlock;
import org.minibatch.nn.FloatBackprop;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;
import org.minibatch.nn.SparseRows;

/**
 * The per-partition half of a step, shared by the single-machine and the distributed trainer:
 * take this step's slice of the partition's epoch permutation, gather it into float64 buffers,
 * and backprop it into a gradient sum (of a sparse batch, only the first-layer columns it has:
 * {@link FirstLayerColumns}). Buffers (the rows, the gradient) are reused between steps,
 * so a warm worker allocates only the result; each precision's buffers only once it is used
 * (a float32 run holds no float64 gradient). Not thread-safe: one worker per thread.
 */
public final class PartitionWorker {
  /** Rows per forward pass when evaluating, to bound the scratch memory. */
  static final int EVAL_CHUNK = 1024;

  private final NetworkSpec spec;
  private final Backprop backprop;
  private double[] x = new double[0];
  private double[] y = new double[0];
  private final int numParams;
  private double[] gradient;
  private FloatBackprop floatBackprop;
  private float[] xf = new float[0];
  private float[] yf = new float[0];
  private float[] gradientf;
  /** The batch's row weights, for weighted blocks. */
  private double[] w = new double[0];
  /** The batch's rows when the block is sparse. */
  private SparseRows sparse;
  /**
   * A sparse step's gradient of the parameters after the first layer's weights; the first
   * layer's own goes by column into the rows' buffer ({@link SparseRows#columnGradient}), so a
   * sparse network's worker holds no array the size of its first layer.
   */
  private double[] rest;
  private float[] restf;

  public PartitionWorker(NetworkSpec spec) {
    this.spec = spec;
    this.backprop = new Backprop(spec);
    this.numParams = spec.numParameters();
  }

  public NetworkSpec spec() {
    return spec;
  }

  /**
   * Sums of loss and gradient at {@code point} over the rows {@code order[from..to)} of the
   * block of partition {@code partition}, {@code order} being its permutation for this epoch.
   */
  public GradientSum gradient(int partition, DataBlock block, int[] order, int from, int to,
      double[] point) {
    int rows = to - from;
    if (rows <= 0) {
      return GradientSum.zero(numParams);
    }
    ensureCapacity(rows, block);
    double[] weights = block.gatherWeights(order, from, to, w);
    if (block.isSparse()) {
      if (rest == null) {
        rest = new double[numParams - spec.biasOffset(1)];
      }
      java.util.Arrays.fill(rest, 0);
      block.gather(order, from, to, sparseRows(), true, y, null);
      double loss = backprop.lossAndGradient(point, sparse, y, weights, rest);
      FirstLayerColumns columns = columns();
      return GradientSum.ofColumns(partition, columns.values(sparse.columnGradient(), rest),
          columns, loss, rows, weightSum(weights, rows));
    }
    if (gradient == null) {
      gradient = new double[numParams];
    }
    java.util.Arrays.fill(gradient, 0);
    block.gather(order, from, to, x, y);
    double loss = backprop.lossAndGradient(point, x, y, weights, rows, gradient);
    return GradientSum.of(partition, gradient, loss, rows, weightSum(weights, rows));
  }

  /** The columns of the sparse batch just gathered, for a gradient that holds only those. */
  private FirstLayerColumns columns() {
    return new FirstLayerColumns(sparse.columns(), spec.weightOffset(1), spec.inputs(),
        spec.size(1), numParams, spec.firstLayerByInput());
  }

  /** Sum of the batch's row weights in row order; the row count when unweighted. */
  private static double weightSum(double[] weights, int rows) {
    if (weights == null) {
      return rows;
    }
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      sum += weights[r];
    }
    return sum;
  }

  /** The float32 form of {@link #gradient(int, DataBlock, int[], int, int, double[])}. */
  public GradientSum gradient(int partition, DataBlock block, int[] order, int from, int to,
      float[] point) {
    return floatGradient(partition, block, order, from, to, point, null);
  }

  /** The float32 gradient of a sparse block at a point whose first layer stays float64. */
  public GradientSum gradient(int partition, DataBlock block, int[] order, int from, int to,
      SparsePoint point) {
    if (!block.isSparse()) {
      throw new IllegalArgumentException("a point with a float64 first layer is for sparse"
          + " blocks; partition " + partition + " holds dense rows");
    }
    return floatGradient(partition, block, order, from, to, null, point);
  }

  /** At {@code point}, or at {@code sparsePoint} when point is null. */
  private GradientSum floatGradient(int partition, DataBlock block, int[] order, int from,
      int to, float[] point, SparsePoint sparsePoint) {
    int rows = to - from;
    if (rows <= 0) {
      return GradientSum.zero(numParams);
    }
    if (floatBackprop == null) {
      floatBackprop = new FloatBackprop(spec);
    }
    if (!block.isSparse() && xf.length < denseSize(rows, block.featureCount())) {
      xf = new float[denseSize(rows, block.featureCount())];
    }
    if (yf.length < rows * block.targetWidth()) {
      yf = new float[rows * block.targetWidth()];
    }
    ensureWeights(rows, block);
    double[] weights = block.gatherWeights(order, from, to, w);
    if (block.isSparse()) {
      if (restf == null) {
        restf = new float[numParams - spec.biasOffset(1)];
      }
      java.util.Arrays.fill(restf, 0);
      block.gather(order, from, to, sparseRows(), false, null, yf);
      double loss = point != null
          ? floatBackprop.lossAndGradient(point, sparse, yf, weights, restf)
          : floatBackprop.lossAndGradient(sparsePoint.weights(), sparsePoint.rest(), sparse, yf,
              weights, restf);
      FirstLayerColumns columns = columns();
      return GradientSum.ofColumns(partition,
          columns.values(sparse.floatColumnGradient(), restf), columns, loss, rows,
          weightSum(weights, rows));
    }
    if (gradientf == null) {
      gradientf = new float[numParams];
    }
    java.util.Arrays.fill(gradientf, 0);
    block.gather(order, from, to, xf, yf);
    double loss = floatBackprop.lossAndGradient(point, xf, yf, weights, rows, gradientf);
    return GradientSum.of(partition, gradientf, loss, rows, weightSum(weights, rows));
  }

  /** The gradient of one step at {@code point} in the given precision. */
  public GradientSum gradient(int partition, DataBlock block, int[] order, int from, int to,
      double[] point, Precision precision) {
    return precision == Precision.FLOAT32
        ? gradient(partition, block, order, from, to, toFloat(point))
        : gradient(partition, block, order, from, to, point);
  }

  /** The weights rounded to float32, as the float32 path takes them. */
  public static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  /**
   * Loss and correct predictions over all rows of partition {@code partition}'s block, each
   * row counted with its weight when the block has weights.
   */
  public EvaluationSum evaluate(int partition, DataBlock block, double[] params) {
    double loss = 0;
    double correct = 0;
    double weight = 0;
    int k = spec.outputs();
    for (int start = 0; start < block.rows(); start += EVAL_CHUNK) {
      int end = Math.min(block.rows(), start + EVAL_CHUNK);
      int rows = end - start;
      ensureCapacity(rows, block);
      double[] weights = block.gatherWeights(null, start, end, w);
      double[] logits;
      if (block.isSparse()) {
        block.gather(null, start, end, sparseRows(), true, y, null);
        loss += backprop.loss(params, sparse, y, weights);
        logits = spec.isClassifier() ? backprop.forwardLogits(params, sparse) : null;
      } else {
        block.gather(null, start, end, x, y);
        loss += backprop.loss(params, x, y, weights, rows);
        logits = spec.isClassifier() ? backprop.forwardLogits(params, x, rows) : null;
      }
      weight += weightSum(weights, rows);
      if (spec.isClassifier()) {
        correct += countCorrect(logits, weights, rows, k);
      }
    }
    return EvaluationSum.of(partition, loss, block.rows(), weight, correct);
  }

  /**
   * Argmax of the logits against the class (softmax), or z > 0 against y > 0.5 (sigmoid), each
   * right row counting its weight ({@code weights} null: 1).
   */
  private double countCorrect(double[] logits, double[] weights, int rows, int k) {
    double correct = 0;
    if (spec.output() == OutputLayer.SOFTMAX) {
      for (int r = 0; r < rows; r++) {
        int best = 0;
        for (int j = 1; j < k; j++) {
          if (logits[r * k + j] > logits[r * k + best]) {
            best = j;
          }
        }
        correct += best == (int) y[r] ? (weights == null ? 1 : weights[r]) : 0;
      }
    } else {
      for (int i = 0; i < rows * k; i++) {
        correct += (logits[i] > 0) == (y[i] > 0.5) ? (weights == null ? 1 : weights[i / k]) : 0;
      }
    }
    return correct;
  }

  private SparseRows sparseRows() {
    if (sparse == null) {
      sparse = new SparseRows();
    }
    return sparse;
  }

  /** rows x features as an array length, or an error saying the batch is too wide. */
  private static int denseSize(int rows, int features) {
    long size = (long) rows * features;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("a batch of " + rows + " rows of " + features
          + " features does not fit one array: use a smaller batch, or, if most features are"
          + " 0, sparse vectors (train's data.sparse=true)");
    }
    return (int) size;
  }

  private void ensureCapacity(int rows, DataBlock block) {
    if (!block.isSparse() && x.length < denseSize(rows, block.featureCount())) {
      x = new double[denseSize(rows, block.featureCount())];
    }
    if (y.length < rows * block.targetWidth()) {
      y = new double[rows * block.targetWidth()];
    }
    ensureWeights(rows, block);
  }

  private void ensureWeights(int rows, DataBlock block) {
    if (block.weights() != null && w.length < rows) {
      w = new double[rows];
    }
  }
}
