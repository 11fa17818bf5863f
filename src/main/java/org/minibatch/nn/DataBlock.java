package org.minibatch.nn;

import java.io.Serializable;

/**
 * Rows of training data stored contiguously in float32: {@code features} is rows x featureCount
 * row-major, {@code targets} rows x targetWidth (a class index, or one value per output), and
 * {@code weights} one per row when the rows are weighted (Spark's {@code weightCol}; null: every
 * row counts once). Compute is float64, so {@link #gather} widens the rows of one batch into
 * reusable buffers.
 *
 * <p>Sparse data ({@link #sparse}) keeps the features in CSR form instead: {@code features}
 * holds the non-zero values, {@code indices} their columns (ascending within a row) and
 * {@code rowStart} where each row's non-zeros begin, 8 bytes per non-zero. A batch of such
 * rows is gathered into {@link SparseRows}, never into a dense matrix.
 */
public final class DataBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final float[] features;
  private final float[] targets;
  private final float[] weights;
  /** Sparse blocks: the column of each non-zero, and each row's first non-zero; else null. */
  private final int[] indices;
  private final int[] rowStart;
  private final int rows;
  private final int featureCount;
  private final int targetWidth;

  public DataBlock(float[] features, float[] targets, int rows, int featureCount,
      int targetWidth) {
    this(features, targets, null, rows, featureCount, targetWidth);
  }

  /** A block whose row r counts {@code weights[r]} times ({@code weights} null: once). */
  public DataBlock(float[] features, float[] targets, float[] weights, int rows,
      int featureCount, int targetWidth) {
    this(features, null, null, targets, weights, rows, featureCount, targetWidth);
    if ((long) rows * featureCount != features.length) {
      throw new IllegalArgumentException("features hold " + features.length + " values, expected "
          + rows + " rows x " + featureCount + " features");
    }
  }

  private DataBlock(float[] features, int[] indices, int[] rowStart, float[] targets,
      float[] weights, int rows, int featureCount, int targetWidth) {
    if (weights != null && weights.length != rows) {
      throw new IllegalArgumentException("weights hold " + weights.length + " values, expected"
          + " one for each of " + rows + " rows");
    }
    if ((long) rows * targetWidth != targets.length) {
      throw new IllegalArgumentException("targets hold " + targets.length + " values, expected "
          + rows + " rows x " + targetWidth + " targets");
    }
    this.features = features;
    this.indices = indices;
    this.rowStart = rowStart;
    this.targets = targets;
    this.weights = weights;
    this.rows = rows;
    this.featureCount = featureCount;
    this.targetWidth = targetWidth;
  }

  /**
   * A block of rows in CSR form: row r's non-zeros are {@code values[rowStart[r] ..
   * rowStart[r+1])} at the columns {@code indices[...]}, strictly ascending in [0,
   * featureCount).
   */
  public static DataBlock sparse(float[] values, int[] indices, int[] rowStart, float[] targets,
      float[] weights, int rows, int featureCount, int targetWidth) {
    if (rowStart.length != rows + 1 || rowStart[0] != 0 || rowStart[rows] != values.length
        || indices.length != values.length) {
      throw new IllegalArgumentException("a CSR block of " + rows + " rows needs " + (rows + 1)
          + " row starts from 0 to the " + values.length + " values and as many indices, got "
          + rowStart.length + " row starts" + (rowStart.length == 0 ? ""
              : " ending at " + rowStart[rowStart.length - 1]) + " and " + indices.length
          + " indices");
    }
    for (int r = 0; r < rows; r++) {
      if (rowStart[r + 1] < rowStart[r]) {
        throw new IllegalArgumentException("row " + r + " starts at " + rowStart[r] + " and ends"
            + " at " + rowStart[r + 1] + "; row starts must not decrease");
      }
      int previous = -1;
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        if (indices[i] <= previous || indices[i] >= featureCount) {
          throw new IllegalArgumentException("row " + r + ": column " + indices[i] + " after "
              + previous + "; columns must ascend within 0.." + (featureCount - 1));
        }
        previous = indices[i];
      }
    }
    return new DataBlock(values, indices, rowStart, targets, weights, rows, featureCount,
        targetWidth);
  }

  /** A block from row arrays (tests, small data); values are narrowed to float32. */
  public static DataBlock of(double[][] x, double[][] y) {
    int rows = x.length;
    int f = rows == 0 ? 0 : x[0].length;
    int t = rows == 0 ? 0 : y[0].length;
    float[] features = new float[rows * f];
    float[] targets = new float[rows * t];
    for (int r = 0; r < rows; r++) {
      if (x[r].length != f || y[r].length != t) {
        throw new IllegalArgumentException("row " + r + " has " + x[r].length + " features and "
            + y[r].length + " targets, expected " + f + " and " + t);
      }
      for (int j = 0; j < f; j++) {
        features[r * f + j] = (float) x[r][j];
      }
      for (int j = 0; j < t; j++) {
        targets[r * t + j] = (float) y[r][j];
      }
    }
    return new DataBlock(features, targets, rows, f, t);
  }

  public int rows() {
    return rows;
  }

  public int featureCount() {
    return featureCount;
  }

  public int targetWidth() {
    return targetWidth;
  }

  /**
   * The backing feature array (not a copy): rows x featureCount row-major, or for a sparse
   * block the non-zero values.
   */
  public float[] features() {
    return features;
  }

  /** Whether the features are in CSR form ({@link #sparse}). */
  public boolean isSparse() {
    return indices != null;
  }

  /** Stored feature values: rows x featureCount when dense, the non-zeros when sparse. */
  public long storedValues() {
    return features.length;
  }

  /** The most feature values a row holds: the feature count, or a sparse row's non-zeros. */
  public int maxRowValues() {
    if (!isSparse()) {
      return featureCount;
    }
    int max = 0;
    for (int r = 0; r < rows; r++) {
      max = Math.max(max, rowStart[r + 1] - rowStart[r]);
    }
    return max;
  }

  /**
   * Stored features of the rows {@code order[from..to)}: the non-zeros of a sparse block, every
   * feature of a dense one.
   */
  public long nonZeros(int[] order, int from, int to) {
    if (!isSparse()) {
      return (long) (to - from) * featureCount;
    }
    long sum = 0;
    for (int i = from; i < to; i++) {
      int r = order == null ? i : order[i];
      sum += rowStart[r + 1] - rowStart[r];
    }
    return sum;
  }

  /**
   * Appends rows {@code order[from..to)} (or rows from..to when {@code order} is null) of a
   * sparse block to {@code x} (widened to float64 when {@code wide}) and their targets to
   * {@code y} (packed from index 0, widened to double), after clearing {@code x}.
   */
  public void gather(int[] order, int from, int to, SparseRows x, boolean wide, double[] y,
      float[] yf) {
    if (!isSparse()) {
      throw new IllegalStateException("a dense block has no CSR rows to gather");
    }
    x.clear();
    int t = targetWidth;
    for (int i = from; i < to; i++) {
      int r = order == null ? i : order[i];
      x.append(features, indices, rowStart[r], rowStart[r + 1] - rowStart[r], wide);
      for (int j = 0; j < t; j++) {
        if (wide) {
          y[(i - from) * t + j] = targets[r * t + j];
        } else {
          yf[(i - from) * t + j] = targets[r * t + j];
        }
      }
    }
  }

  /** The backing target array (not a copy): rows x targetWidth row-major. */
  public float[] targets() {
    return targets;
  }

  /** The backing weight array (not a copy), or null when every row counts once. */
  public float[] weights() {
    return weights;
  }

  /** Bytes held by the row data. */
  public long sizeInBytes() {
    return 4L * (features.length + targets.length + (weights == null ? 0 : weights.length))
        + (indices == null ? 0 : 4L * (indices.length + rowStart.length));
  }

  /**
   * The weights of rows {@code order[from..to)} (or from..to when {@code order} is null),
   * widened into {@code w} from index 0; returns {@code w}, or null for an unweighted block.
   */
  public double[] gatherWeights(int[] order, int from, int to, double[] w) {
    if (weights == null) {
      return null;
    }
    for (int i = from; i < to; i++) {
      w[i - from] = weights[order == null ? i : order[i]];
    }
    return w;
  }

  /** As {@link #gather(int[], int, int, double[], double[])}, keeping float32. */
  public void gather(int[] order, int from, int to, float[] x, float[] y) {
    requireDense();
    int f = featureCount;
    int t = targetWidth;
    for (int i = from; i < to; i++) {
      int r = order == null ? i : order[i];
      System.arraycopy(features, r * f, x, (i - from) * f, f);
      System.arraycopy(targets, r * t, y, (i - from) * t, t);
    }
  }

  /**
   * Copies rows {@code order[from..to)} (or rows from..to when {@code order} is null) into
   * {@code x} and {@code y}, widened to double, packed from index 0.
   */
  public void gather(int[] order, int from, int to, double[] x, double[] y) {
    requireDense();
    int f = featureCount;
    int t = targetWidth;
    for (int i = from; i < to; i++) {
      int r = order == null ? i : order[i];
      int dst = (i - from) * f;
      int src = r * f;
      for (int j = 0; j < f; j++) {
        x[dst + j] = features[src + j];
      }
      int tdst = (i - from) * t;
      int tsrc = r * t;
      for (int j = 0; j < t; j++) {
        y[tdst + j] = targets[tsrc + j];
      }
    }
  }

  private void requireDense() {
    if (isSparse()) {
      throw new IllegalStateException("a sparse block's rows are gathered into SparseRows");
    }
  }
}
