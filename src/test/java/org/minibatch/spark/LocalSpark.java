package org.minibatch.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** One local[2] Spark session shared by the tests of a JVM (starting one takes seconds). */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("minibatch-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.task.maxDirectResultSize", String.valueOf(64 << 20))
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  public static JavaSparkContext context() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }
}
