package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {
  private static SparkConf conf(Map<String, String> settings) {
    return SparkSessions.conf("test", settings);
  }

  @Test
  void localModeTurnsOffBroadcastChecksumsOnlyThere() {
    assertEquals("false", conf(Map.of("spark.master", "local[2]")).get("spark.broadcast.checksum"));
    assertEquals("false", conf(Map.of("spark.master", "local")).get("spark.broadcast.checksum"));
    assertEquals("false", conf(Map.of("spark.master", "local[*]")).get("spark.broadcast.checksum"));
    // Executors of local-cluster and real clusters are other JVMs: pieces travel, keep checksums.
    assertFalse(conf(Map.of("spark.master", "local-cluster[2,1,1024]"))
        .contains("spark.broadcast.checksum"));
    assertFalse(conf(Map.of("spark.master", "spark://host:7077"))
        .contains("spark.broadcast.checksum"));
  }

  @Test
  void localModeStartsWithoutTheWebUiUnlessAsked() {
    assertEquals("false", conf(Map.of("spark.master", "local[*]")).get("spark.ui.enabled"));
    assertEquals("true", conf(Map.of("spark.master", "local[*]", "spark.ui.enabled", "true"))
        .get("spark.ui.enabled"));
    assertFalse(conf(Map.of("spark.master", "spark://host:7077")).contains("spark.ui.enabled"));
    assertFalse(conf(Map.of("spark.master", "local-cluster[2,1,1024]"))
        .contains("spark.ui.enabled"));
  }

  @Test
  void givenSettingsWinOverTheDefaults() {
    SparkConf conf = conf(Map.of("spark.master", "local[2]", "spark.broadcast.checksum", "true",
        "spark.broadcast.compress", "true"));
    assertEquals("true", conf.get("spark.broadcast.checksum"));
    assertEquals("true", conf.get("spark.broadcast.compress"));
    assertEquals("test", conf.get("spark.app.name"));
    assertEquals(String.valueOf(64L << 20), conf.get("spark.task.maxDirectResultSize"));
    assertEquals("1m", conf.get("spark.broadcast.blockSize"));
    assertEquals("4m", conf(Map.of("spark.broadcast.blockSize", "4m"))
        .get("spark.broadcast.blockSize"));
  }
}
