package org.minibatch.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.minibatch.util.Suggest;

/** The input formats {@link DataReader} understands. */
public enum DataFormat {
  /** Fashion-MNIST's IDX files, from the Debian package's location unless paths are given. */
  FASHION_MNIST,
  /** IDX image and label files (MNIST layout), gzipped or not. */
  IDX,
  /** LIBSVM text: {@code label index:value ...}, 1-based ascending indices. */
  LIBSVM,
  /** Delimited text with one label column and numeric feature columns. */
  CSV,
  /** Parquet with a vector or numeric feature columns and a label column. */
  PARQUET;

  /** The reader of this format. */
  FormatReader reader() {
    return switch (this) {
      case FASHION_MNIST, IDX -> new IdxFiles();
      case CSV -> new CsvReader();
      case LIBSVM -> new LibsvmReader();
      case PARQUET -> new ParquetColumns.Reader();
    };
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(DataFormat::key).toList();
  }

  /** Parses a format name ({@code fashion-mnist}, {@code csv}, ...). */
  public static DataFormat parse(String text) {
    for (DataFormat f : values()) {
      if (f.key().equalsIgnoreCase(text.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException(Suggest.unknown("data format", text, keys()));
  }

  /** The format a path's extension implies (.csv, .libsvm/.svm/.txt, .parquet, idx names). */
  public static DataFormat fromPath(String path) {
    String p = path.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "");
    if (p.endsWith(".csv") || p.endsWith(".tsv")) {
      return CSV;
    }
    if (p.endsWith(".libsvm") || p.endsWith(".svm") || p.endsWith(".txt")) {
      return LIBSVM;
    }
    if (p.endsWith(".parquet") || p.endsWith("/") && p.contains("parquet")) {
      return PARQUET;
    }
    if (p.contains("idx3-ubyte") || p.contains("idx1-ubyte") || p.endsWith(".idx")) {
      return IDX;
    }
    throw new IllegalArgumentException("cannot tell the format of '" + path
        + "' from its name; set data.format to one of " + String.join(", ", keys()));
  }
}
