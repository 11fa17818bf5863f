package org.minibatch.data;

import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Turns one selected Parquet row (feature columns, then the label, then the weight if
 * weighted) into a labeled row; a {@code SparseVector} features cell stays sparse.
 */
final class ParquetRows {
  private ParquetRows() {}

  static LabeledRow toRow(Row row, long index, String[] featureColumns, boolean vector,
      boolean weighted) {
    int n = featureColumns.length;
    if (row.isNullAt(n)) {
      throw new InvalidDataException("row " + index + ": the label is null");
    }
    double[] features;
    Object label = row.get(n);
    double[] targets = label instanceof Vector v ? v.toArray()
        : new double[] {((Number) label).doubleValue()};
    if (weighted && row.isNullAt(n + 1)) {
      throw new InvalidDataException("row " + index + ": the weight is null");
    }
    double weight = weighted ? ((Number) row.get(n + 1)).doubleValue() : 1;
    if (vector) {
      if (row.isNullAt(0)) {
        throw new InvalidDataException("row " + index + ", column '" + featureColumns[0]
            + "': null");
      }
      if (row.get(0) instanceof SparseVector sparse) {
        return LabeledRow.sparse(sparse.size(), sparse.indices(), sparse.values(), targets,
            weight);
      }
      features = ((Vector) row.get(0)).toArray();
    } else {
      features = new double[n];
      for (int c = 0; c < n; c++) {
        if (row.isNullAt(c)) {
          throw new InvalidDataException("row " + index + ", column '" + featureColumns[c]
              + "': null");
        }
        features[c] = ((Number) row.get(c)).doubleValue();
      }
    }
    return new LabeledRow(features, targets, weight);
  }
}
