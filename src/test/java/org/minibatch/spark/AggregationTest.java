package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.minibatch.train.Precision;

class AggregationTest {
  /** 784-256-128-10 and 784-4096-2048-10. */
  static final long FASHION = 235_146;
  static final long WIDE = 11_626_506;
  static final long OVERHEAD = 1 << 16;

  @Test
  void smallPartialsGoStraightToTheDriver() {
    Aggregation a = Aggregation.choose(8, FASHION, Precision.FLOAT32, 1L << 30);
    assertEquals(Aggregation.Route.DIRECT, a.route());
    assertEquals(8 * (4 * FASHION + OVERHEAD), a.resultBytes());
    assertEquals(Aggregation.Route.DIRECT,
        Aggregation.choose(100, FASHION, Precision.FLOAT64, 0).route());
  }

  @Test
  void partialsAbove256MibTogetherTakeTheTreeAndTheDriverGetsOneExactSum() {
    // 5 x 46.6 MB = 233 MB stays direct; 6 x 46.6 MB = 279 MB > 256 MiB
    assertEquals(Aggregation.Route.DIRECT,
        Aggregation.choose(5, WIDE, Precision.FLOAT32, 1L << 30).route());
    Aggregation tree = Aggregation.choose(6, WIDE, Precision.FLOAT32, 1L << 30);
    assertEquals(Aggregation.Route.TREE, tree.route());
    assertEquals(16 * (WIDE + 1) + OVERHEAD, tree.resultBytes());
    // a single partial always goes direct: there is nothing to merge
    assertEquals(Aggregation.Route.DIRECT,
        Aggregation.choose(1, WIDE, Precision.FLOAT64, 1L << 30).route());
  }

  @Test
  void aSmallerMaxResultSizeLowersTheDirectBound() {
    // half of 100 MiB: 2 x 46.6 MB no longer goes direct
    assertEquals(Aggregation.Route.TREE,
        Aggregation.choose(2, WIDE, Precision.FLOAT32, 100L << 20).route());
  }

  @Test
  void limitsThatCannotHoldAStepNameTheSettingToRaise() {
    SparkConf small = new SparkConf(false).set("spark.driver.maxResultSize", "100m");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Aggregation.choose(8, WIDE, Precision.FLOAT32, small));
    assertEquals("a step's gradients (178m to the driver, TREE route) exceed"
        + " spark.driver.maxResultSize=100m: set it to at least 355m", e.getMessage());
    SparkConf kryo = new SparkConf(false)
        .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    e = assertThrows(IllegalStateException.class,
        () -> Aggregation.choose(1, 20_000_000, Precision.FLOAT32, kryo));
    assertEquals("one task's gradient (77m) exceeds spark.kryoserializer.buffer.max=64m, Kryo's"
        + " limit for a task result: set it to at least 86m (at most 2047m)", e.getMessage());
    Aggregation.choose(1, 20_000_000, Precision.FLOAT32,
        kryo.clone().set("spark.kryoserializer.buffer.max", "1g"));
  }
}
