package org.minibatch.spark;

import static org.apache.spark.sql.functions.col;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.minibatch.data.FeatureStorage;
import org.minibatch.data.InvalidDataException;
import org.minibatch.data.LabeledRow;
import org.minibatch.data.RowValidator;
import org.minibatch.nn.DataBlock;
import scala.Tuple2;

/**
 * The cached blocks of rows that come in any order ({@link CachedData}'s shuffle path): each
 * row validated where it is read, sent with its position to the partition a seeded hash of that
 * position names, and each partition's rows packed in input order into float32 blocks, the
 * held-out ones apart. Data that tasks can read by position gets the same blocks without the
 * shuffle ({@link BlocksByIndex}).
 */
final class RowBlocks {
  private RowBlocks() {}

  /** The partitions' blocks of {@code rows}, weights kept if {@code weighted}. */
  static JavaRDD<PartitionData> blocks(JavaRDD<LabeledRow> rows, RowValidator validator,
      CachedData.Layout layout, boolean weighted) {
    if (layout.storage() == FeatureStorage.AUTO) {
      throw new IllegalArgumentException("resolve data.sparse=auto before building blocks");
    }
    boolean sparse = layout.storage() == FeatureStorage.SPARSE;
    JavaPairRDD<Integer, IndexedRow> keyed = rows.zipWithIndex()
        .mapToPair(t -> validated(t._1(), t._2(), validator, layout));
    return keyed.partitionBy(new IndexPartitioner(layout.partitions()))
        .mapPartitionsWithIndex((p, it) -> toBlocks(p, it, validator, weighted, sparse), true);
  }

  /**
   * The rows of a DataFrame: {@code featuresCol} a vector column, {@code labelCol} numeric or a
   * vector, {@code weightCol} (null or empty: none) numeric.
   */
  static JavaRDD<LabeledRow> rows(Dataset<Row> frame, String featuresCol, String labelCol,
      String weightCol) {
    boolean vectorLabel = frame.schema().apply(labelCol).dataType() instanceof VectorUDT;
    boolean weighted = weightCol != null && !weightCol.isEmpty();
    Dataset<Row> columns = weighted
        ? frame.select(col(featuresCol), col(labelCol), col(weightCol).cast("double"))
        : frame.select(featuresCol, labelCol);
    return columns.toJavaRDD().map(r -> toRow(r, vectorLabel, weighted));
  }

  /**
   * A DataFrame row as a labeled row; nulls become rows without features or targets (a null
   * weight, NaN), which validation reports.
   */
  private static LabeledRow toRow(Row r, boolean vectorLabel, boolean weighted) {
    if (r.isNullAt(0) || r.isNullAt(1)) {
      return r.isNullAt(0) ? new LabeledRow(null, null) : row((Vector) r.get(0), null, 1);
    }
    double[] targets = vectorLabel ? ((Vector) r.get(1)).toArray()
        : new double[] {((Number) r.get(1)).doubleValue()};
    double weight = !weighted ? 1 : r.isNullAt(2) ? Double.NaN : r.getDouble(2);
    return row((Vector) r.get(0), targets, weight);
  }

  /** A sparse vector stays sparse: a 2^20-feature hashed text row is its words, not 8 MB. */
  private static LabeledRow row(Vector features, double[] targets, double weight) {
    if (features instanceof SparseVector sparse) {
      return LabeledRow.sparse(sparse.size(), sparse.indices(), sparse.values(), targets,
          weight);
    }
    return new LabeledRow(features.toArray(), targets, weight);
  }

  private static Tuple2<Integer, IndexedRow> validated(LabeledRow row, long index,
      RowValidator validator, CachedData.Layout layout) {
    int partition = CachedData.partitionOf(index, layout);
    boolean sparse = layout.storage() == FeatureStorage.SPARSE;
    float[] features;
    int[] indices = null;
    float[] targets = new float[validator.targetWidth()];
    float weight;
    try {
      if (row == null || row.values() == null || row.targets() == null) {
        throw new InvalidDataException("row " + index + ": "
            + (row == null || row.values() == null ? "features are" : "the label is")
            + " null");
      }
      if (row.isSparse()) {
        features = new float[row.indices().length];
        validator.sparseFeatures(row.size(), row.indices(), row.values(), index, features);
        indices = row.indices();
        if (!sparse) {
          features = densified(features, indices, validator.featureCount());
          indices = null;
        }
      } else {
        features = new float[validator.featureCount()];
        validator.features(row.features(), index, features, 0);
        if (sparse) {
          indices = nonZeroColumns(features);
          features = valuesAt(features, indices);
        }
      }
      validator.targets(row.targets(), index, targets, 0);
      weight = validator.weight(row.weight(), index);
    } catch (InvalidDataException e) {
      if (!layout.skipInvalid()) {
        throw e;
      }
      return new Tuple2<>(partition, new IndexedRow(index, false, null, null, null, 0,
          e.getMessage()));
    }
    return new Tuple2<>(partition, new IndexedRow(index, CachedData.isHeldOut(index, layout),
        features, indices, targets, weight, null));
  }

  private static float[] densified(float[] values, int[] indices, int size) {
    float[] dense = new float[size];
    for (int i = 0; i < indices.length; i++) {
      dense[indices[i]] = values[i];
    }
    return dense;
  }

  private static int[] nonZeroColumns(float[] dense) {
    int count = 0;
    for (float v : dense) {
      count += v != 0 ? 1 : 0;
    }
    int[] columns = new int[count];
    for (int j = 0, at = 0; j < dense.length; j++) {
      if (dense[j] != 0) {
        columns[at++] = j;
      }
    }
    return columns;
  }

  private static float[] valuesAt(float[] dense, int[] columns) {
    float[] values = new float[columns.length];
    for (int i = 0; i < columns.length; i++) {
      values[i] = dense[columns[i]];
    }
    return values;
  }

  private static Iterator<PartitionData> toBlocks(int partition,
      Iterator<Tuple2<Integer, IndexedRow>> rows, RowValidator validator, boolean weighted,
      boolean sparse) {
    List<IndexedRow> train = new ArrayList<>();
    List<IndexedRow> heldOut = new ArrayList<>();
    int skipped = 0;
    IndexedRow firstSkipped = null;
    while (rows.hasNext()) {
      IndexedRow row = rows.next()._2();
      if (row.problem() != null) {
        skipped++;
        firstSkipped = firstSkipped == null || row.index() < firstSkipped.index() ? row
            : firstSkipped;
      } else {
        (row.heldOut() ? heldOut : train).add(row);
      }
    }
    return List.of(new PartitionData(partition, block(train, validator, weighted, sparse),
        block(heldOut, validator, weighted, sparse), skipped, firstSkipped == null ? -1 : firstSkipped.index(),
        firstSkipped == null ? null : firstSkipped.problem())).iterator();
  }

  private static DataBlock block(List<IndexedRow> rows, RowValidator validator,
      boolean weighted, boolean sparse) {
    rows.sort(Comparator.comparingLong(IndexedRow::index));
    if (sparse) {
      return sparseBlock(rows, validator, weighted);
    }
    int f = validator.featureCount();
    int t = validator.targetWidth();
    CachedData.checkBlockSize(rows.size(), f);
    float[] features = new float[rows.size() * f];
    float[] targets = new float[rows.size() * t];
    float[] weights = weighted ? new float[rows.size()] : null;
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r).features(), 0, features, r * f, f);
      System.arraycopy(rows.get(r).targets(), 0, targets, r * t, t);
      if (weighted) {
        weights[r] = rows.get(r).weight();
      }
    }
    return new DataBlock(features, targets, weights, rows.size(), f, t);
  }

  /** The rows in CSR form: their non-zeros, columns and row starts, in input order. */
  private static DataBlock sparseBlock(List<IndexedRow> rows, RowValidator validator,
      boolean weighted) {
    long nonZeros = 0;
    for (IndexedRow row : rows) {
      nonZeros += row.features().length;
    }
    CachedData.checkNonZeros(nonZeros);
    int t = validator.targetWidth();
    float[] values = new float[(int) nonZeros];
    int[] columns = new int[(int) nonZeros];
    int[] rowStart = new int[rows.size() + 1];
    float[] targets = new float[rows.size() * t];
    float[] weights = weighted ? new float[rows.size()] : null;
    for (int r = 0; r < rows.size(); r++) {
      IndexedRow row = rows.get(r);
      int at = rowStart[r];
      System.arraycopy(row.features(), 0, values, at, row.features().length);
      System.arraycopy(row.indices(), 0, columns, at, row.indices().length);
      rowStart[r + 1] = at + row.features().length;
      System.arraycopy(row.targets(), 0, targets, r * t, t);
      if (weighted) {
        weights[r] = row.weight();
      }
    }
    return DataBlock.sparse(values, columns, rowStart, targets, weights, rows.size(),
        validator.featureCount(), t);
  }

  /**
   * A validated row on its way to its partition, or an invalid one to count (problem set). Not a
   * record: it is shuffled with {@code spark.serializer}, and Kryo cannot build records.
   */
  static final class IndexedRow implements Serializable {
    private static final long serialVersionUID = 3L;
    private final long index;
    private final boolean heldOut;
    /** The features, or a sparse row's non-zero values at {@link #indices}. */
    private final float[] features;
    private final int[] indices;
    private final float[] targets;
    private final float weight;
    private final String problem;

    IndexedRow(long index, boolean heldOut, float[] features, int[] indices, float[] targets,
        float weight, String problem) {
      this.index = index;
      this.heldOut = heldOut;
      this.features = features;
      this.indices = indices;
      this.targets = targets;
      this.weight = weight;
      this.problem = problem;
    }

    float weight() {
      return weight;
    }

    long index() {
      return index;
    }

    boolean heldOut() {
      return heldOut;
    }

    float[] features() {
      return features;
    }

    float[] targets() {
      return targets;
    }

    int[] indices() {
      return indices;
    }

    String problem() {
      return problem;
    }
  }
}
