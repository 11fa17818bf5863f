package org.minibatch.ml;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.minibatch.data.FeatureStorage;
import org.minibatch.nn.Backprop;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.SparseRows;

/**
 * The models' transform: one pass over each partition that gathers up to {@link #CHUNK_ROWS}
 * rows into a row-major matrix, runs them through the network at once ({@link Backprop}, BLAS
 * gemm per layer, scratch buffers reused across chunks) and appends the output columns. Spark's
 * default {@code PredictionModel.transform} calls a UDF per row, which turns every layer into a
 * matrix-vector product and allocates per row. Wide networks take the rows in CSR form through
 * the first layer ({@link SparseRows}, {@link #csrInput}).
 *
 * <p>The weights travel as the model's broadcast ({@link ModelRuntime}), not inside every task.
 */
final class BatchPredictor {
  /** Rows per gemm: large enough to amortise the call, small enough to stay in cache. */
  static final int CHUNK_ROWS = 1024;

  private BatchPredictor() {}

  /**
   * Whether rows go through the first layer in CSR form: for networks of
   * {@link FeatureStorage#AUTO_MIN_FEATURES} inputs or more, whatever the vectors' type (a
   * dense chunk of 2^20 features would be 8 GB); narrower ones take gemm, sparse vectors
   * widened. {@code transform} and {@code predict(vector)} follow the same rule, so they give
   * the same bits.
   */
  static boolean csrInput(NetworkSpec spec) {
    return spec.inputs() >= FeatureStorage.AUTO_MIN_FEATURES;
  }

  /** Appends {@code v} to {@code rows} as its non-zeros (a sparse vector as it is). */
  static void appendCsr(Vector v, SparseRows rows) {
    SparseVector row = v instanceof SparseVector sv ? sv : v.toSparse();
    rows.append(row.values(), row.indices());
  }

  /** Turns the network's logits for one row into the values of the appended columns. */
  interface Columns extends Serializable {
    /**
     * Writes the new columns' values for the row whose k logits start at {@code logits[off]}
     * into {@code values[at...]}; may modify the logits.
     */
    void fill(double[] logits, int off, int k, Object[] values, int at);
  }

  /**
   * {@code dataset} with the columns of {@code output} beyond the input's, filled by
   * {@code columns} from the network's logits for each row's {@code featuresCol}.
   */
  static Dataset<Row> transform(Dataset<?> dataset, StructType output, String featuresCol,
      NetworkSpec spec, Broadcast<double[]> weights, Columns columns) {
    Dataset<Row> df = dataset.toDF();
    int inputWidth = df.schema().size();
    int featureIndex = df.schema().fieldIndex(featuresCol);
    PartitionPass pass = new PartitionPass(spec, weights, featureIndex, inputWidth,
        output.size() - inputWidth, featuresCol, columns);
    return df.mapPartitions(pass, Encoders.row(output));
  }

  /** The function each task runs over its partition. */
  private static final class PartitionPass implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final NetworkSpec spec;
    private final Broadcast<double[]> weights;
    private final int featureIndex;
    private final int inputWidth;
    private final int added;
    private final String featuresCol;
    private final Columns columns;

    PartitionPass(NetworkSpec spec, Broadcast<double[]> weights, int featureIndex,
        int inputWidth, int added, String featuresCol, Columns columns) {
      this.spec = spec;
      this.weights = weights;
      this.featureIndex = featureIndex;
      this.inputWidth = inputWidth;
      this.added = added;
      this.featuresCol = featuresCol;
      this.columns = columns;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new ChunkIterator(this, rows);
    }
  }

  /** Reads a chunk, predicts it, hands out its rows, repeats. */
  private static final class ChunkIterator implements Iterator<Row> {
    private final PartitionPass pass;
    private final Iterator<Row> input;
    private final Backprop network;
    private final double[] params;
    private final int n;
    private final int k;
    /** The chunk's rows as a dense matrix (narrow networks). */
    private final double[] x;
    /** The chunk's rows in CSR form (wide networks). */
    private final SparseRows sparse = new SparseRows();
    private final boolean csr;
    private final Row[] in = new Row[CHUNK_ROWS];
    private final Row[] out = new Row[CHUNK_ROWS];
    private int size;
    private int next;

    ChunkIterator(PartitionPass pass, Iterator<Row> input) {
      this.pass = pass;
      this.input = input;
      this.network = new Backprop(pass.spec);
      this.params = pass.weights.value();
      this.n = pass.spec.inputs();
      this.k = pass.spec.outputs();
      this.csr = csrInput(pass.spec);
      this.x = csr ? null : new double[CHUNK_ROWS * n];
    }

    @Override
    public boolean hasNext() {
      if (next < size) {
        return true;
      }
      fillChunk();
      return size > 0;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = out[next];
      out[next++] = null;
      return row;
    }

    private void fillChunk() {
      size = 0;
      next = 0;
      sparse.clear();
      while (size < CHUNK_ROWS && input.hasNext()) {
        Row row = input.next();
        copyFeatures(checked(row.get(pass.featureIndex)), size);
        in[size++] = row;
      }
      if (size == 0) {
        return;
      }
      double[] logits = csr ? network.forwardLogits(params, sparse)
          : network.forwardLogits(params, x, size);
      for (int r = 0; r < size; r++) {
        Object[] values = new Object[pass.inputWidth + pass.added];
        Row row = in[r];
        for (int c = 0; c < pass.inputWidth; c++) {
          values[c] = row.get(c);
        }
        pass.columns.fill(logits, r * k, k, values, pass.inputWidth);
        out[r] = RowFactory.create(values);
        in[r] = null;
      }
    }

    private Vector checked(Object value) {
      if (!(value instanceof Vector v)) {
        throw new IllegalArgumentException("featuresCol '" + pass.featuresCol + "' must hold"
            + " a vector in every row, got " + (value == null ? "null" : value.getClass()));
      }
      if (v.size() != n) {
        throw new IllegalArgumentException("featuresCol '" + pass.featuresCol + "' holds a"
            + " vector of size " + v.size() + ", but the model was trained on " + n);
      }
      return v;
    }

    /**
     * Row r of the chunk into the dense matrix, or, for a wide network ({@link #csrInput}),
     * into the CSR rows (a dense row then adds its non-zeros): wide input is never densified.
     */
    private void copyFeatures(Vector v, int r) {
      if (csr) {
        appendCsr(v, sparse);
        return;
      }
      int off = r * n;
      if (v instanceof DenseVector dense) {
        System.arraycopy(dense.values(), 0, x, off, n);
      } else {
        SparseVector sparse = (SparseVector) v;
        java.util.Arrays.fill(x, off, off + n, 0.0);
        int[] idx = sparse.indices();
        double[] val = sparse.values();
        for (int i = 0; i < idx.length; i++) {
          x[off + idx[i]] = val[i];
        }
      }
    }
  }
}
