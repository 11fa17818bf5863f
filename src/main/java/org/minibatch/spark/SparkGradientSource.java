package org.minibatch.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.BatchPlan;
import org.minibatch.train.Evaluation;
import org.minibatch.train.EvaluationSum;
import org.minibatch.train.GradientSource;
import org.minibatch.train.GradientSum;

/**
 * Gradients from cached Spark partitions, one Spark job per step: broadcast the point, let every
 * partition backprop its slice of this epoch's permutation, {@code treeAggregate} the exact sums
 * ({@link GradientSum}), destroy the broadcast.
 *
 * <p>The aggregation's zero is {@code null} and each task allocates its own sum, because Spark
 * serializes a non-null zero value into every task. The tree depth grows with the partition
 * count: 1 (tasks send straight to the driver) up to 16 partitions, 2 up to 256, then 3.
 */
public final class SparkGradientSource implements GradientSource {
  private final NetworkSpec spec;
  private final CachedData train;
  private final CachedData validation;
  private final boolean heldOut;
  private final JavaSparkContext jsc;

  /**
   * @param validation a separate validation set, or null to use the rows {@code train} held out
   *     (if any)
   */
  public SparkGradientSource(NetworkSpec spec, CachedData train, CachedData validation) {
    train.checkFits(spec);
    if (validation != null) {
      validation.checkFits(spec);
    }
    this.spec = spec;
    this.train = train;
    this.validation = validation;
    this.heldOut = validation == null;
    this.jsc = train.context();
  }

  /** Tree depth for {@code partitions} partial results. */
  static int depth(int partitions) {
    return partitions <= 16 ? 1 : partitions <= 256 ? 2 : 3;
  }

  @Override
  public int[] partitionRows() {
    return train.trainRows();
  }

  @Override
  public GradientSum gradient(double[] point, long seed, long epoch, BatchPlan.Slices slices) {
    Broadcast<double[]> weights = jsc.broadcast(point);
    try {
      GradientSum sum = train.blocks().treeAggregate(null,
          stepOnPartition(spec, weights, seed, epoch, slices.from(), slices.to()),
          GradientSum::merge, depth(train.trainRows().length));
      return sum != null ? sum : GradientSum.zero(point.length);
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    } finally {
      weights.destroy();
    }
  }

  private static Function2<GradientSum, PartitionData, GradientSum> stepOnPartition(
      NetworkSpec spec, Broadcast<double[]> weights, long seed, long epoch, int[] from,
      int[] to) {
    return (acc, data) -> {
      int p = data.partition();
      GradientSum part = Workers.get(spec).gradient(data.train(), data.order(seed, epoch),
          from[p], to[p], weights.value());
      return GradientSum.merge(acc, part);
    };
  }

  @Override
  public boolean hasValidation() {
    return heldOut ? train.totalValidationRows() > 0 : validation.totalTrainRows() > 0;
  }

  @Override
  public Evaluation validate(double[] params) {
    return heldOut ? evaluate(spec, train, true, params)
        : evaluate(spec, validation, false, params);
  }

  /**
   * Loss and accuracy of {@code params} over all rows of {@code data}: its held-out rows if
   * {@code heldOutRows}, else its training rows. One distributed pass.
   */
  public static Evaluation evaluate(CachedData data, boolean heldOutRows, double[] params) {
    return evaluate(data.spec(), data, heldOutRows, params);
  }

  /** As {@link #evaluate(CachedData, boolean, double[])} for any network the data fits. */
  public static Evaluation evaluate(NetworkSpec spec, CachedData data, boolean heldOutRows,
      double[] params) {
    data.checkFits(spec);
    Broadcast<double[]> weights = data.context().broadcast(params);
    try {
      EvaluationSum sum = data.blocks().treeAggregate(null,
          evaluateOnPartition(spec, weights, heldOutRows), EvaluationSum::merge,
          depth(data.trainRows().length));
      return sum == null ? new Evaluation(Double.NaN, Double.NaN, 0) : sum.toEvaluation(spec);
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    } finally {
      weights.destroy();
    }
  }

  private static Function2<EvaluationSum, PartitionData, EvaluationSum> evaluateOnPartition(
      NetworkSpec spec, Broadcast<double[]> weights, boolean heldOutRows) {
    return (acc, data) -> EvaluationSum.merge(acc, Workers.get(spec)
        .evaluate(heldOutRows ? data.validation() : data.train(), weights.value()));
  }
}
