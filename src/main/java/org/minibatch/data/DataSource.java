package org.minibatch.data;

import java.io.Serializable;

/**
 * Where one data set is and how to read it. For IDX, {@code path} is the images file and
 * {@code labelsPath} the labels file; for CSV, {@code labelColumn} is a header name or a 0-based
 * index (CSV and Parquet: empty for data without labels, read as NaN); for Parquet,
 * {@code featuresColumn} is a vector column or comma-separated numeric columns (empty:
 * {@code features} if present, else every column but the label and the weight), for CSV a
 * column of sparse {@code index:value} pairs (empty: every column but the label and the weight);
 * for CSV and Parquet, {@code weightColumn} names the rows' weights (as the label is named;
 * empty: none).
 */
public record DataSource(DataFormat format, String path, String labelsPath, String labelColumn,
    String featuresColumn, String weightColumn, boolean csvHeader, String csvSeparator,
    int numFeatures) implements Serializable {

  public DataSource {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("a data path is required");
    }
    if ((format == DataFormat.IDX || format == DataFormat.FASHION_MNIST)
        && (labelsPath == null || labelsPath.isBlank())) {
      throw new IllegalArgumentException("IDX data needs a labels file besides " + path);
    }
    if (weightColumn == null) {
      weightColumn = "";
    }
    if (!weightColumn.isEmpty() && format != DataFormat.CSV && format != DataFormat.PARQUET) {
      throw new IllegalArgumentException("data.weight_column '" + weightColumn + "' applies to"
          + " csv and parquet data, not " + format.key());
    }
  }

  /** Whether the rows carry weights. */
  public boolean weighted() {
    return !weightColumn.isEmpty();
  }

  /** A source with defaults for everything but the format and path. */
  public static DataSource of(DataFormat format, String path) {
    String labels = format == DataFormat.IDX || format == DataFormat.FASHION_MNIST
        ? idxLabelsFor(path) : "";
    return new DataSource(format, path, labels, "label", "", "", true, ",", 0);
  }

  /** The labels file next to an IDX images file: images-idx3 becomes labels-idx1. */
  public static String idxLabelsFor(String imagesPath) {
    String labels = imagesPath.replace("images-idx3", "labels-idx1");
    if (labels.equals(imagesPath)) {
      throw new IllegalArgumentException("cannot derive the labels file from " + imagesPath
          + "; set data.train_labels / data.test_labels");
    }
    return labels;
  }
}
