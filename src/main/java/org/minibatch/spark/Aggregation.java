package org.minibatch.spark;

import java.util.Locale;
import org.apache.spark.SparkConf;
import org.minibatch.train.Precision;

/**
 * How one step's partial gradients come together, chosen from how many partitions take part and
 * how large a partial is, never from the executors, so the result's bits do not depend on them:
 * <ul>
 *   <li>{@link Route#DIRECT}: every partial (float32 or float64, as computed) comes to the driver
 *       as a task result, and the driver adds them in partition order; used while all of them
 *       together stay under {@link #DIRECT_BYTES} (and half of
 *       {@code spark.driver.maxResultSize}).
 *   <li>{@link Route#TREE}: the partials become exact fixed-point sums ({@code GradientSum}, 16
 *       bytes a value) that {@code treeAggregate} merges on the executors, the final merge too,
 *       so the driver receives one sum whatever the partition count.
 * </ul>
 * Whether a route fits the task-result limits of this Spark (the driver's
 * {@code maxResultSize}, and with Kryo {@code spark.kryoserializer.buffer.max}) is checked
 * before the step runs, with the setting to raise named.
 */
public record Aggregation(Route route, int partials, long partialBytes, long resultBytes) {
  /** Bytes of partials the driver may receive per step before the tree is used. */
  public static final long DIRECT_BYTES = 256L << 20;
  private static final long DEFAULT_MAX_RESULT = 1L << 30;
  private static final long DEFAULT_KRYO_MAX = 64L << 20;
  /** Room for what a task result carries besides the values. */
  private static final long OVERHEAD = 1L << 16;

  /** The two ways partials travel. */
  public enum Route { DIRECT, TREE }

  /**
   * The route for {@code partials} partial sums of {@code params} values each.
   *
   * @param maxResultBytes the driver's {@code spark.driver.maxResultSize} in bytes (0: no limit)
   */
  public static Aggregation choose(int partials, long params, Precision precision,
      long maxResultBytes) {
    return choose(partials, params, params, precision, maxResultBytes);
  }

  /**
   * As {@link #choose(int, long, Precision, long)} when a partial holds at most
   * {@code partialValues} of the {@code params} values (a sparse batch's gradient); the tree's
   * exact sums hold all of them.
   */
  static Aggregation choose(int partials, long partialValues, long params,
      Precision precision, long maxResultBytes) {
    long partialBytes = partialValues * (precision == Precision.FLOAT32 ? 4 : 8) + OVERHEAD;
    long bound = maxResultBytes > 0 ? Math.min(DIRECT_BYTES, maxResultBytes / 2) : DIRECT_BYTES;
    if (partials <= 1 || (long) partials * partialBytes <= bound) {
      return new Aggregation(Route.DIRECT, partials, partialBytes, partials * partialBytes);
    }
    long exactBytes = 16 * (params + 1) + OVERHEAD;
    return new Aggregation(Route.TREE, partials, exactBytes, exactBytes);
  }

  /**
   * The task-result limits of a Spark application, read once from its conf: the driver's
   * {@code spark.driver.maxResultSize} (0: none) and, with Kryo as {@code spark.serializer},
   * {@code spark.kryoserializer.buffer.max} (0 otherwise).
   */
  public record Limits(long maxResultBytes, long kryoBufferBytes) {
    public static Limits of(SparkConf conf) {
      long maxResult = conf.getSizeAsBytes("spark.driver.maxResultSize",
          String.valueOf(DEFAULT_MAX_RESULT));
      long kryo = conf.get("spark.serializer", "").contains("Kryo")
          ? conf.getSizeAsBytes("spark.kryoserializer.buffer.max",
              String.valueOf(DEFAULT_KRYO_MAX)) : 0;
      return new Limits(maxResult, kryo);
    }
  }

  /** The route for this step under {@code conf}'s limits; fails naming the setting to raise. */
  public static Aggregation choose(int partials, long params, Precision precision,
      SparkConf conf) {
    return choose(partials, params, precision, Limits.of(conf));
  }

  /** The route for this step under {@code limits}; fails naming the setting to raise. */
  public static Aggregation choose(int partials, long params, Precision precision,
      Limits limits) {
    return choose(partials, params, params, precision, limits);
  }

  /** The route when a partial holds at most {@code partialValues} of the {@code params}. */
  static Aggregation choose(int partials, long partialValues, long params, Precision precision,
      Limits limits) {
    Aggregation chosen = choose(partials, partialValues, params, precision,
        limits.maxResultBytes());
    chosen.check(limits);
    return chosen;
  }

  /** Fails if one task result or what the driver receives exceeds {@code limits}. */
  private void check(Limits limits) {
    long maxResult = limits.maxResultBytes();
    if (maxResult > 0 && resultBytes > maxResult) {
      throw new IllegalStateException(String.format(Locale.ROOT, "a step's gradients (%s to the"
          + " driver, %s route) exceed spark.driver.maxResultSize=%s: set it to at least %s",
          mib(resultBytes), route, mib(maxResult), mib(2 * resultBytes)));
    }
    long kryoMax = limits.kryoBufferBytes();
    if (kryoMax > 0 && partialBytes > kryoMax) {
      throw new IllegalStateException(String.format(Locale.ROOT, "one task's gradient (%s)"
          + " exceeds spark.kryoserializer.buffer.max=%s, Kryo's limit for a task result:"
          + " set it to at least %s (at most 2047m)", mib(partialBytes), mib(kryoMax),
          mib(partialBytes + (partialBytes >> 3))));
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0fm", Math.ceil(bytes / (double) (1L << 20)));
  }
}
