package org.minibatch.cli;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.SparkSessions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the commands that apply a saved model to data (evaluate, predict). */
final class SavedModelOptions {
  @Mixin
  DataOptions data;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "A run directory, or its model/.")
  String model;

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}; spark-submit's wins).")
  String master;

  /** The command's Spark session on {@code --master}. */
  SparkSession session(String appName) {
    return SparkSessions.create(appName, Map.of("spark.master", master));
  }
}
