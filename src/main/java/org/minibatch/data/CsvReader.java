package org.minibatch.data;

import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * CSV (or any delimited text): a header or not, one label column, and numeric feature columns
 * or one column of sparse {@code index:value} pairs ({@code data.features_column}; the feature
 * count is {@code data.num_features}, else one more than the largest index, one pass).
 */
final class CsvReader extends TextLines {
  @Override
  TextRowParser parser(SparkSession spark, DataSource source) {
    DataReader.checkExists(spark, source.path());
    String[] header = TextLines.firstLine(spark, source.path()).split(
        java.util.regex.Pattern.quote(source.csvSeparator()), -1);
    int label = index("data.label_column", source.labelColumn(), source, header);
    int weight = index("data.weight_column", source.weightColumn(), source, header);
    int pairs = index("data.features_column", source.featuresColumn().strip(), source, header);
    if (pairs < 0) {
      return TextRowParser.csv(source.csvSeparator(), label, weight, header.length);
    }
    if (pairs == label || pairs == weight) {
      throw new IllegalArgumentException("data.features_column '" + source.featuresColumn()
          + "' is also the " + (pairs == label ? "label" : "weight") + " column");
    }
    if (source.numFeatures() > 0) {
      return TextRowParser.csvPairs(source.csvSeparator(), label, weight, pairs, header.length,
          source.numFeatures());
    }
    TextRowParser counting = TextRowParser.csvPairs(source.csvSeparator(), label, weight, pairs,
        header.length, 0);
    int features = rowLines(spark, source).map(l -> counting.sparseWidth(l.text()))
        .fold(0, Math::max);
    return TextRowParser.csvPairs(source.csvSeparator(), label, weight, pairs, header.length,
        Math.max(1, features));
  }

  @Override
  JavaRDD<Line> rowLines(SparkSession spark, DataSource source) {
    boolean skipHeader = source.csvHeader();
    return TextLines.lines(spark, source.path())
        .filter(l -> !(skipHeader && l.firstOfFile()) && !l.text().isBlank());
  }

  /** The 0-based field of column {@code label} (named by {@code key}), -1 when empty. */
  private static int index(String key, String label, DataSource source, String[] header) {
    if (label.isEmpty()) {
      return -1;
    }
    if (label.matches("\\d+")) {
      int index = Integer.parseInt(label);
      if (index >= header.length) {
        throw new IllegalArgumentException(key + " " + index + " is out of range: "
            + source.path() + " has " + header.length + " columns (0-based)");
      }
      return index;
    }
    if (!source.csvHeader()) {
      throw new IllegalArgumentException(key + " '" + label + "' is a name, but "
          + source.path() + " has no header (data.csv_header=false): give a 0-based index");
    }
    int index = Arrays.asList(header).indexOf(label);
    if (index < 0) {
      throw new IllegalArgumentException(key + " '" + label + "' is not a column of "
          + source.path() + "; its header has: " + String.join(", ", header));
    }
    return index;
  }

}
