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
   * manager that costs a step more than the result itself (BENCHMARKS.md, "Behind the code").
   */
  static final String DIRECT_RESULT_BYTES = String.valueOf(64L << 20);

  /**
   * The weights broadcast every step are floating-point numbers that lz4 barely shrinks, so
   * compressing them is time spent for nothing (BENCHMARKS.md, "Behind the code").
   */
  static final String BROADCAST_COMPRESS = "false";

  /**
   * Spark writes every broadcast (the weights, and each job's task binary) into chunks of the
   * block size, allocated whole: at the default 4 MiB each chunk is a G1 humongous object, and
   * every one started a young collection with a concurrent cycle (counts: BENCHMARKS.md,
   * "Behind the code"). Big weight vectors simply travel in more pieces.
   */
  static final String BROADCAST_BLOCK_SIZE = "1m";

  /**
   * In local mode a broadcast's pieces never travel: tasks in the driver's JVM read the value
   * object itself, so checksumming the pieces is work for nothing on every step's weight
   * broadcast and every job's task binary. Clusters keep Spark's default, true.
   */
  static final String LOCAL_BROADCAST_CHECKSUM = "false";

  /**
   * With {@code spark.serializer=KryoSerializer}, a task result must fit Kryo's output buffer,
   * 64 MiB by default: one float32 gradient of a 17M-parameter network, or the exact sum the
   * tree route returns for 4M parameters. Java serialization has no such limit.
   */
  static final String KRYO_BUFFER_MAX = "1g";

  /**
   * A local run is over before anyone opens its web UI, and starting the UI's server is part of
   * every command's start-up (BENCHMARKS.md, "Whole command"); {@code --set spark.ui.enabled=true}
   * brings it back. Clusters keep Spark's default, on.
   */
  static final String LOCAL_UI = "false";

  private SparkSessions() {}

  public static SparkSession create(String appName, Map<String, String> settings) {
    return SparkSession.builder().config(conf(appName, settings)).getOrCreate();
  }

  /**
   * Spark's system properties (what spark-submit set), then {@code settings}, then these
   * defaults, each only for keys the ones before left unset.
   */
  static SparkConf conf(String appName, Map<String, String> settings) {
    SparkConf conf = new SparkConf(true);
    settings.forEach(conf::setIfMissing);
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.task.maxDirectResultSize", DIRECT_RESULT_BYTES);
    // The trainer draws its own progress bar; Spark's would interleave with it.
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing("spark.broadcast.compress", BROADCAST_COMPRESS);
    conf.setIfMissing("spark.broadcast.blockSize", BROADCAST_BLOCK_SIZE);
    conf.setIfMissing("spark.kryoserializer.buffer.max", KRYO_BUFFER_MAX);
    String master = conf.get("spark.master", "");
    if (master.equals("local") || master.startsWith("local[")) {
      conf.setIfMissing("spark.broadcast.checksum", LOCAL_BROADCAST_CHECKSUM);
      conf.setIfMissing("spark.ui.enabled", LOCAL_UI);
    }
    return conf;
  }
}
