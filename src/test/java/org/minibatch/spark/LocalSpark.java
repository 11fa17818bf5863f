package org.minibatch.spark;

import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.SparkSessions;

/** One local[2] Spark session shared by the tests of a JVM (starting one takes seconds). */
public final class LocalSpark {
  private static SparkSession session;

  private LocalSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      // The product's session defaults (direct results, broadcast settings), so that the tests
      // that time steps measure what users get.
      session = SparkSessions.create("minibatch-tests", Map.of("spark.master", "local[2]",
          "spark.ui.enabled", "false", "spark.driver.host", "127.0.0.1",
          "spark.sql.shuffle.partitions", "4"));
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  public static JavaSparkContext context() {
    return JavaSparkContext.fromSparkContext(session().sparkContext());
  }
}
