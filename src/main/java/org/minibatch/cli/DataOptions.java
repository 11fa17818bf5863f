package org.minibatch.cli;

import org.minibatch.data.DataFormat;
import org.minibatch.data.DataSource;
import picocli.CommandLine.Option;

/** The options that say where data is and how to read it, shared by evaluate and predict. */
final class DataOptions {
  @Option(names = "--data", required = true, paramLabel = "PATH",
      description = "Data to read (Hadoop path); for IDX the images file.")
  String path;

  @Option(names = "--labels", paramLabel = "PATH",
      description = "IDX only: the labels file (default: images-idx3 -> labels-idx1).")
  String labels;

  @Option(names = "--format", paramLabel = "F",
      description = "fashion-mnist, idx, libsvm, csv or parquet (default: from the extension).")
  String format;

  @Option(names = "--label-column", paramLabel = "C", defaultValue = "label",
      description = "CSV/Parquet label column: name or 0-based index; '' for rows without"
          + " labels (predict). Default: ${DEFAULT-VALUE}.")
  String labelColumn;

  @Option(names = "--features-column", paramLabel = "C", defaultValue = "",
      description = "Parquet: vector column or comma-separated numeric columns.")
  String featuresColumn;

  @Option(names = "--csv-header", paramLabel = "BOOL", defaultValue = "true", arity = "1",
      description = "CSV: first line is a header (default: ${DEFAULT-VALUE}).")
  boolean csvHeader;

  @Option(names = "--csv-separator", paramLabel = "S", defaultValue = ",",
      description = "CSV field separator (default: '${DEFAULT-VALUE}').")
  String csvSeparator;

  @Option(names = "--num-features", paramLabel = "N", defaultValue = "0",
      description = "LIBSVM: feature count (default: the model's).")
  int numFeatures;

  DataSource source(int modelFeatures) {
    DataFormat f = format != null ? DataFormat.parse(format) : DataFormat.fromPath(path);
    String labelsPath = "";
    if (f == DataFormat.IDX || f == DataFormat.FASHION_MNIST) {
      labelsPath = labels != null ? labels : DataSource.idxLabelsFor(path);
    }
    return new DataSource(f, path, labelsPath, labelColumn, featuresColumn, "", csvHeader,
        csvSeparator, numFeatures > 0 ? numFeatures : modelFeatures);
  }
}
