package org.minibatch.data;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Parses one line of CSV or LIBSVM text into a {@link LabeledRow}, with errors that say where
 * ({@code where} is e.g. {@code "data.csv, line 17"}) and what was wrong: wrong column count,
 * a value that is not a number, a non-finite value, a bad LIBSVM index.
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

  private TextRowParser(DataFormat format, String separator, int labelIndex, int weightIndex,
      int columns, int numFeatures) {
    this.format = format;
    this.separator = separator;
    this.labelIndex = labelIndex;
    this.weightIndex = weightIndex;
    this.columns = columns;
    this.numFeatures = numFeatures;
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
        columns, 0);
  }

  /** LIBSVM with {@code numFeatures} features. */
  public static TextRowParser libsvm(int numFeatures) {
    return new TextRowParser(DataFormat.LIBSVM, "\\s+", 0, NO_INDEX, 0, numFeatures);
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
    int[] indices = new int[tokens.length - 1];
    double[] values = new double[tokens.length - 1];
    int previous = 0;
    for (int t = 1; t < tokens.length; t++) {
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
      if (index <= previous) {
        throw new InvalidDataException(where + ": index " + index + " comes after index "
            + previous + "; LIBSVM indices must be ascending");
      }
      if (index > numFeatures) {
        throw new InvalidDataException(where + ": index " + index + " is outside 1.."
            + numFeatures + ", the feature count");
      }
      indices[t - 1] = index - 1;
      values[t - 1] = number(tokens[t].substring(colon + 1), where, "feature ", index);
      previous = index;
    }
    return LabeledRow.sparse(numFeatures, indices, values, new double[] {label}, 1);
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
    String[] tokens = line.strip().split("\\s+");
    int max = 0;
    for (int t = 1; t < tokens.length; t++) {
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
