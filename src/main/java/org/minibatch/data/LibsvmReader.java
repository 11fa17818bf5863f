package org.minibatch.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * LIBSVM text, {@code label index:value ...}; the feature count is the configured one, else the
 * largest index in the data (one pass over it).
 */
final class LibsvmReader extends TextLines {
  @Override
  JavaRDD<Line> rowLines(SparkSession spark, DataSource source) {
    return TextLines.lines(spark, source.path()).filter(l -> !l.text().isBlank()
        && !l.text().startsWith("#"));
  }

  @Override
  TextRowParser parser(SparkSession spark, DataSource source) {
    int features = source.numFeatures() > 0 ? source.numFeatures()
        : rowLines(spark, source).map(l -> TextRowParser.maxLibsvmIndex(l.text()))
            .fold(0, Math::max);
    return TextRowParser.libsvm(features);
  }
}
