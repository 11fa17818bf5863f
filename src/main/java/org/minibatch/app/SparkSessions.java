package org.minibatch.app;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session of a command: the master and {@code spark.*} settings of the config, plus
 * defaults that suit a training job. Under spark-submit, the master and settings given there win
 * over the config file's: Spark has put them in the system properties {@link SparkConf} reads.
 */
public final class SparkSessions {
  /**
   * Task results up to this size go straight to the driver. Spark's default (1 MiB) is smaller
   * than one gradient of a mid-sized network, and bigger results take a detour through the block
   * manager that cost about 15 ms per step here.
   */
  static final String DIRECT_RESULT_BYTES = String.valueOf(64L << 20);

  /**
   * The weights broadcast every step are floating-point numbers that lz4 barely shrinks, and
   * compressing them cost 1 to 2 ms of a 20 to 27 ms step here (batch 1024, local[2]).
   */
  static final String BROADCAST_COMPRESS = "false";

  private SparkSessions() {}

  public static SparkSession create(String appName, Map<String, String> settings) {
    SparkConf conf = new SparkConf(true);
    settings.forEach(conf::setIfMissing);
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.task.maxDirectResultSize", DIRECT_RESULT_BYTES);
    // The trainer draws its own progress bar; Spark's would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.broadcast.compress", BROADCAST_COMPRESS);
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
