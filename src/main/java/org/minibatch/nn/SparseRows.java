package org.minibatch.nn;

import org.minibatch.util.RadixSort;

/**
 * A batch of input rows in CSR form, the first layer's input when the data is sparse: row r's
 * non-zeros are {@code values[rowStart[r] .. rowStart[r+1])} at the columns
 * {@code indices[...]}, ascending. Values are held in float64 ({@link #values}) or float32
 * ({@link #floatValues}) to match the precision of the step; buffers grow to the largest batch
 * and are then reused. Not thread-safe: one per worker thread.
 *
 * <p>The two products of the first layer (weights W at {@code wOff}, n_out x n_in row-major, or
 * by input column, n_in x n_out, as {@link NetworkSpec#firstLayerByInput()} says):
 * <pre>
 *   forward   Z[r, o] += sum over non-zeros (j, v) of row r:  v W[o, j]
 *   backward  dW[o, j] += sum over rows r with a non-zero (j, v):  v D[r, o]
 * </pre>
 * Only the columns present in the batch are read or written: the work is O(non-zeros x n_out),
 * independent of n_in. The dense gemm sums the same products, zeros included, in another order.
 * Both passes work on the batch's distinct columns, ascending ({@link #columns}), one after the
 * other in buffers of their own, n_out values a column: the forward pass first gathers W's
 * columns there, each read from W once and in address order, however many rows have it (at 10M
 * inputs each read is a cache and a TLB miss, most of the pass's time), then sums from that
 * buffer; the backward pass writes dW there ({@link #columnGradient}).
 */
public final class SparseRows {
  private int rows;
  private int[] rowStart = new int[1];
  private int[] indices = new int[0];
  private double[] values = new double[0];
  private float[] floatValues = new float[0];
  /** The batch's distinct columns, ascending, once a pass has indexed them; else null. */
  private int[] columns;
  /** For each non-zero, the position of its column in {@link #columns}. */
  private int[] positions = new int[0];
  /** The non-zeros as (column, place) pairs for sorting, and the sort's second buffer. */
  private long[] keys = new long[0];
  private long[] sortScratch = new long[0];
  /** The distinct columns as they are found, before {@link #columns} is cut to their count. */
  private int[] distinct = new int[0];
  /** The first layer's weight gradient at the batch's columns: column by column, n_out each. */
  private double[] columnGradient = new double[0];
  private float[] floatColumnGradient = new float[0];
  /** W at the batch's columns, column by column, as the last forward pass gathered them. */
  private double[] gathered = new double[0];
  private float[] floatGathered = new float[0];

  /** Empties the batch, keeping its buffers. */
  public void clear() {
    rows = 0;
    rowStart[0] = 0;
    columns = null;
  }

  public int rows() {
    return rows;
  }

  /**
   * The columns with a non-zero in some row of the batch, ascending, each once, as the last
   * forward or backward pass indexed them ({@link #columnGradient}).
   */
  public int[] columns() {
    if (columns == null) {
      throw new IllegalStateException("no pass has indexed this batch's columns");
    }
    return columns;
  }

  /** The first layer's float64 weight gradient of the last backward pass, by column. */
  public double[] columnGradient() {
    return columnGradient;
  }

  /** The float32 form of {@link #columnGradient()}. */
  public float[] floatColumnGradient() {
    return floatColumnGradient;
  }

  /**
   * Finds the batch's distinct columns and each non-zero's place among them, unless done since
   * the last row was appended.
   */
  private void indexColumns() {
    if (columns != null) {
      return;
    }
    int nonZeros = nonZeros();
    if (keys.length < nonZeros) {
      int size = Math.max(nonZeros, 2 * keys.length);
      keys = new long[size];
      sortScratch = new long[size];
      positions = new int[size];
      distinct = new int[size];
    }
    int largest = 0;
    for (int i = 0; i < nonZeros; i++) {
      keys[i] = (long) indices[i] << 32 | i;
      largest = Math.max(largest, indices[i]);
    }
    long[] sorted = RadixSort.byHighInt(keys, sortScratch, nonZeros, largest);
    int count = 0;
    for (int k = 0; k < nonZeros; k++) {
      int column = (int) (sorted[k] >>> 32);
      if (count == 0 || distinct[count - 1] != column) {
        distinct[count++] = column;
      }
      positions[(int) sorted[k]] = count - 1;
    }
    columns = java.util.Arrays.copyOf(distinct, count);
  }

  /** Non-zeros in the batch. */
  public int nonZeros() {
    return rowStart[rows];
  }

  /**
   * Appends a row of {@code count} non-zeros from {@code srcValues[from...]} at
   * {@code srcIndices[from...]}, widened to float64 when {@code wide}, else kept in float32.
   */
  public void append(float[] srcValues, int[] srcIndices, int from, int count, boolean wide) {
    int at = rowStart[rows];
    ensure(rows + 1, at + count, wide);
    columns = null;
    System.arraycopy(srcIndices, from, indices, at, count);
    if (wide) {
      for (int i = 0; i < count; i++) {
        values[at + i] = srcValues[from + i];
      }
    } else {
      System.arraycopy(srcValues, from, floatValues, at, count);
    }
    rows++;
    rowStart[rows] = at + count;
  }

  /** Appends a float64 row ({@code srcIndices} ascending), for prediction from Spark vectors. */
  public void append(double[] srcValues, int[] srcIndices) {
    int at = rowStart[rows];
    int count = srcIndices.length;
    ensure(rows + 1, at + count, true);
    columns = null;
    System.arraycopy(srcIndices, 0, indices, at, count);
    System.arraycopy(srcValues, 0, values, at, count);
    rows++;
    rowStart[rows] = at + count;
  }

  private void ensure(int rowCount, int nonZeros, boolean wide) {
    if (rowStart.length < rowCount + 1) {
      rowStart = java.util.Arrays.copyOf(rowStart, Math.max(rowCount + 1, 2 * rowStart.length));
    }
    if (indices.length < nonZeros) {
      int size = Math.max(nonZeros, 2 * indices.length);
      indices = java.util.Arrays.copyOf(indices, size);
    }
    if (wide && values.length < nonZeros) {
      values = java.util.Arrays.copyOf(values, Math.max(nonZeros, 2 * values.length));
    }
    if (!wide && floatValues.length < nonZeros) {
      floatValues = java.util.Arrays.copyOf(floatValues,
          Math.max(nonZeros, 2 * floatValues.length));
    }
  }

  /**
   * Z (rows x nOut, row-major) += X W^T over the float64 values, W stored by input column when
   * {@code byInput}.
   */
  void multiplyTransposed(double[] w, int wOff, int nIn, int nOut, boolean byInput, double[] z) {
    int size = gatheredSize(nOut);
    if (gathered.length < size) {
      gathered = new double[Math.max(size, 2 * gathered.length)];
    }
    int columnStride = byInput ? nOut : 1;
    int unitStride = byInput ? 1 : nIn;
    for (int c = 0; c < columns.length; c++) {
      int from = wOff + columns[c] * columnStride;
      int to = c * nOut;
      for (int o = 0; o < nOut; o++) {
        gathered[to + o] = w[from + o * unitStride];
      }
    }
    for (int r = 0; r < rows; r++) {
      int zOff = r * nOut;
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        double v = values[i];
        int at = positions[i] * nOut;
        for (int o = 0; o < nOut; o++) {
          z[zOff + o] += v * gathered[at + o];
        }
      }
    }
  }

  /** dW += D^T X over the float64 values, into {@link #columnGradient} by column. */
  void addWeightGradient(double[] delta, int nOut) {
    indexColumns();
    int size = columns.length * nOut;
    if (columnGradient.length < size) {
      columnGradient = new double[Math.max(size, 2 * columnGradient.length)];
    }
    java.util.Arrays.fill(columnGradient, 0, size, 0);
    for (int r = 0; r < rows; r++) {
      int dOff = r * nOut;
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        double v = values[i];
        int at = positions[i] * nOut;
        for (int o = 0; o < nOut; o++) {
          columnGradient[at + o] += v * delta[dOff + o];
        }
      }
    }
  }

  /** Z += X W^T over the float32 values, W laid out as {@code byInput} says. */
  void multiplyTransposed(float[] w, int wOff, int nIn, int nOut, boolean byInput, float[] z) {
    float[] g = floatGather(gatheredSize(nOut));
    int columnStride = byInput ? nOut : 1;
    int unitStride = byInput ? 1 : nIn;
    for (int c = 0; c < columns.length; c++) {
      int from = wOff + columns[c] * columnStride;
      int to = c * nOut;
      for (int o = 0; o < nOut; o++) {
        g[to + o] = w[from + o * unitStride];
      }
    }
    multiplyGathered(g, nOut, z);
  }

  /**
   * Z += X W^T over the float32 values, with float64 weights rounded to float32 as they are
   * read: the products of a rounded copy of W, without the copy.
   */
  void multiplyTransposed(double[] w, int wOff, int nIn, int nOut, boolean byInput, float[] z) {
    float[] g = floatGather(gatheredSize(nOut));
    int columnStride = byInput ? nOut : 1;
    int unitStride = byInput ? 1 : nIn;
    for (int c = 0; c < columns.length; c++) {
      int from = wOff + columns[c] * columnStride;
      int to = c * nOut;
      for (int o = 0; o < nOut; o++) {
        g[to + o] = (float) w[from + o * unitStride];
      }
    }
    multiplyGathered(g, nOut, z);
  }

  /** Indexes the batch's columns and returns the size of their weights, n_out a column. */
  private int gatheredSize(int nOut) {
    indexColumns();
    return columns.length * nOut;
  }

  private float[] floatGather(int size) {
    if (floatGathered.length < size) {
      floatGathered = new float[Math.max(size, 2 * floatGathered.length)];
    }
    return floatGathered;
  }

  /** Z += X G^T over the float32 values, G the batch's columns of W gathered by column. */
  private void multiplyGathered(float[] g, int nOut, float[] z) {
    for (int r = 0; r < rows; r++) {
      int zOff = r * nOut;
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        float v = floatValues[i];
        int at = positions[i] * nOut;
        for (int o = 0; o < nOut; o++) {
          z[zOff + o] += v * g[at + o];
        }
      }
    }
  }

  /** dW += D^T X over the float32 values, into {@link #floatColumnGradient} by column. */
  void addWeightGradient(float[] delta, int nOut) {
    indexColumns();
    int size = columns.length * nOut;
    if (floatColumnGradient.length < size) {
      floatColumnGradient = new float[Math.max(size, 2 * floatColumnGradient.length)];
    }
    java.util.Arrays.fill(floatColumnGradient, 0, size, 0);
    for (int r = 0; r < rows; r++) {
      int dOff = r * nOut;
      for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
        float v = floatValues[i];
        int at = positions[i] * nOut;
        for (int o = 0; o < nOut; o++) {
          floatColumnGradient[at + o] += v * delta[dOff + o];
        }
      }
    }
  }
}
