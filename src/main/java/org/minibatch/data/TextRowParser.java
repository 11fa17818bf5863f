package org.minibatch.data;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Parses one line of CSV or LIBSVM text into a {@link LabeledRow}, with errors that say where
 * ({@code where} is e.g. {@code "data.csv, line 17"}) and what was wrong: wrong column count,
 * a value that is not a number, a non-finite value, a bad index.
 *
 * <p>CSV features are either the numeric columns other than the label and the weight (dense
 * rows), or one column of sparse pairs, {@code index:value} separated by spaces, 0-based
 * ascending indices as in Spark's {@code SparseVector} (the row stays sparse; other columns are
 * not read).
 */
public final class TextRowParser implements Serializable {
  private static final int NO_INDEX = -1;

  private static final long serialVersionUID = 1L;

  private final DataFormat format;
  private final String separator;
  private final int labelIndex;
  private final int weightIndex;
  private final int columns;
  private final int numFeatures;
  /** The CSV column of sparse pairs, or NO_INDEX for dense columns. */
  private final int pairsIndex;

  private TextRowParser(DataFormat format, String separator, int labelIndex, int weightIndex,
      int columns, int numFeatures, int pairsIndex) {
    this.format = format;
    this.separator = separator;
    this.labelIndex = labelIndex;
    this.weightIndex = weightIndex;
    this.columns = columns;
    this.numFeatures = numFeatures;
    this.pairsIndex = pairsIndex;
  }

  /**
   * CSV with {@code columns} fields per line, the label in field {@code labelIndex}, or no label
   * when it is -1 (rows for prediction; their label reads NaN).
   */
  public static TextRowParser csv(String separator, int labelIndex, int columns) {
    return csv(separator, labelIndex, NO_INDEX, columns);
  }

  /** As {@link #csv(String, int, int)}, each row's weight in field {@code weightIndex}. */
  public static TextRowParser csv(String separator, int labelIndex, int weightIndex,
      int columns) {
    return new TextRowParser(DataFormat.CSV, Pattern.quote(separator), labelIndex, weightIndex,
        columns, 0, NO_INDEX);
  }

  /**
   * CSV whose features are the sparse pairs of field {@code pairsIndex}, {@code numFeatures}
   * wide; label and weight as in {@link #csv(String, int, int, int)}.
   */
  public static TextRowParser csvPairs(String separator, int labelIndex, int weightIndex,
      int pairsIndex, int columns, int numFeatures) {
    return new TextRowParser(DataFormat.CSV, Pattern.quote(separator), labelIndex, weightIndex,
        columns, numFeatures, pairsIndex);
  }

  /** LIBSVM with {@code numFeatures} features. */
  public static TextRowParser libsvm(int numFeatures) {
    return new TextRowParser(DataFormat.LIBSVM, "\\s+", 0, NO_INDEX, 0, numFeatures, NO_INDEX);
  }

  public LabeledRow parse(String line, String where) {
    return format == DataFormat.CSV ? parseCsv(line, where) : parseLibsvm(line, where);
  }

  private LabeledRow parseCsv(String line, String where) {
    String[] fields = line.split(separator, -1);
    if (fields.length != columns) {
      throw new InvalidDataException(where + ": has " + fields.length + " columns, expected "
          + columns);
    }
    if (pairsIndex != NO_INDEX) {
      double label = labelIndex < 0 ? Double.NaN
          : number(fields[labelIndex], where, "column ", labelIndex + 1);
      double weight = weightIndex < 0 ? 1
          : number(fields[weightIndex], where, "column ", weightIndex + 1);
      String[] tokens = fields[pairsIndex].strip().split("\\s+");
      return pairs(tokens.length == 1 && tokens[0].isEmpty() ? new String[0] : tokens, 0,
          where + ", column " + (pairsIndex + 1), 0, new double[] {label}, weight);
    }
    double[] features = new double[columns - (labelIndex < 0 ? 0 : 1)
        - (weightIndex < 0 ? 0 : 1)];
    double label = Double.NaN;
    double weight = 1;
    for (int c = 0, f = 0; c < columns; c++) {
      double v = number(fields[c], where, "column ", c + 1);
      if (c == labelIndex) {
        label = v;
      } else if (c == weightIndex) {
        weight = v;
      } else {
        features[f++] = v;
      }
    }
    return new LabeledRow(features, new double[] {label}, weight);
  }

  private LabeledRow parseLibsvm(String line, String where) {
    String[] tokens = line.strip().split(separator);
    double label = number(tokens[0], where, "the label", NO_INDEX);
    return pairs(tokens, 1, where, 1, new double[] {label}, 1);
  }

  /**
   * The row whose features are the {@code index:value} pairs {@code tokens[from...]}, indices
   * counted from {@code base} (LIBSVM 1, CSV 0) and ascending.
   */
  private LabeledRow pairs(String[] tokens, int from, String where, int base, double[] target,
      double weight) {
    String kind = base == 1 ? "LIBSVM" : "sparse";
    int[] indices = new int[tokens.length - from];
    double[] values = new double[tokens.length - from];
    int previous = base - 1;
    for (int t = from; t < tokens.length; t++) {
      int colon = tokens[t].indexOf(':');
      if (colon <= 0) {
        throw new InvalidDataException(where + ": '" + tokens[t] + "' is not index:value");
      }
      int index;
      try {
        index = Integer.parseInt(tokens[t].substring(0, colon));
      } catch (NumberFormatException e) {
        throw new InvalidDataException(where + ": index '" + tokens[t].substring(0, colon)
            + "' is not an integer");
      }
      if (index <= previous && t > from) {
        throw new InvalidDataException(where + ": index " + index + " comes after index "
            + previous + "; " + kind + " indices must be ascending");
      }
      if (index < base || index > numFeatures - 1 + base) {
        throw new InvalidDataException(where + ": index " + index + " is outside " + base
            + ".." + (numFeatures - 1 + base) + ", the feature count");
      }
      indices[t - from] = index - base;
      values[t - from] = number(tokens[t].substring(colon + 1), where, "feature ", index);
      previous = index;
    }
    return LabeledRow.sparse(numFeatures, indices, values, target, weight);
  }

  /**
   * Parses one value; the column is named ({@code what} and {@code index}) only in the error:
   * naming it for every value built a string per value.
   */
  private static double number(String text, String where, String what, int index) {
    double v;
    try {
      v = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new InvalidDataException(where + ", " + column(what, index) + ": '" + text
          + "' is not a number");
    }
    if (!Double.isFinite(v)) {
      throw new InvalidDataException(where + ", " + column(what, index) + ": " + text
          + " is not a finite number");
    }
    return v;
  }

  private static String column(String what, int index) {
    return index == NO_INDEX ? what : what + index;
  }

  /** The largest 1-based index on a LIBSVM line (0 when none), for counting features. */
  public static int maxLibsvmIndex(String line) {
    return maxIndex(line.strip().split("\\s+"), 1, 0);
  }

  /**
   * One more than the largest 0-based index in this line's column of sparse pairs (0 when it
   * has none), for counting features; a line without that column counts 0.
   */
  public int sparseWidth(String line) {
    String[] fields = line.split(separator, -1);
    return fields.length <= pairsIndex ? 0
        : maxIndex(fields[pairsIndex].strip().split("\\s+"), 0, -1) + 1;
  }

  /** The largest index among {@code tokens[from...]}, or {@code none}. */
  private static int maxIndex(String[] tokens, int from, int none) {
    int max = none;
    for (int t = from; t < tokens.length; t++) {
      int colon = tokens[t].indexOf(':');
      if (colon > 0) {
        try {
          max = Math.max(max, Integer.parseInt(tokens[t].substring(0, colon)));
        } catch (NumberFormatException e) {
          // reported with its line by parse()
        }
      }
    }
    return max;
  }
}
