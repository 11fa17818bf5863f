package org.minibatch.spark;

import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.minibatch.data.FeatureStorage;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.BatchPlan;
import org.minibatch.train.Evaluation;
import org.minibatch.train.EvaluationSum;
import org.minibatch.train.GradientSource;
import org.minibatch.train.GradientSum;
import org.minibatch.train.PartitionWorker;
import org.minibatch.train.Precision;
import org.minibatch.train.SparsePoint;

/**
 * Gradients from cached Spark partitions, one Spark job per step: broadcast the point, let every
 * partition with rows in this step's batch backprop its slice of this epoch's permutation (no
 * task for the others: with lanes, {@link BatchPlan}, a step touches a few of many partitions),
 * bring the partial sums together ({@link GradientSum}) by the route {@link Aggregation} picks
 * from their count and size, destroy the broadcast.
 *
 * <p>The direct route brings the partials to the driver keyed by partition
 * ({@link PartitionJobs}) and adds them in partition order. The tree route runs
 * {@code treeAggregate} over just those partitions with exact merging and the final merge on an
 * executor, so the driver receives one sum; its zero is {@code null} and each task allocates its
 * own sum, because Spark serializes a non-null zero value into every task. Either way the sum is
 * a function of the partials, not of which executor computed them or when they finished.
 *
 * <p>In local mode the same work runs on the cached blocks without a job ({@link LocalBlocks}),
 * its results combined the same way, unless {@value LocalBlocks#KEY}{@code =jobs}.
 */
public final class SparkGradientSource implements GradientSource {
  private final NetworkSpec spec;
  private final CachedData train;
  private final CachedData validation;
  private final boolean heldOut;
  private final JavaSparkContext jsc;
  /** Read once: {@code getConf()} copies the whole conf. */
  private final Aggregation.Limits limits;
  private final Optional<LocalBlocks> local;
  /** What the job route sends of a sparse run's point: see {@link WeightChain}. */
  private final WeightChain.Sender chain;

  /**
   * @param validation a separate validation set, or null to use the rows {@code train} held out
   *     (if any)
   */
  public SparkGradientSource(NetworkSpec spec, CachedData train, CachedData validation) {
    this(spec, train, validation, LocalBlocks.of(train.context().sc()), null);
  }

  /**
   * A source that runs a Spark job for every step even in local mode, for benchmarks that
   * measure the job's parts.
   */
  public static SparkGradientSource withSparkJobs(NetworkSpec spec, CachedData train,
      CachedData validation) {
    return new SparkGradientSource(spec, train, validation, Optional.empty(), null);
  }

  /**
   * @param limits the task-result limits that choose the route, or null for those of the
   *     application's conf
   */
  SparkGradientSource(NetworkSpec spec, CachedData train, CachedData validation,
      Optional<LocalBlocks> local, Aggregation.Limits limits) {
    train.checkFits(spec);
    if (validation != null) {
      validation.checkFits(spec);
    }
    this.spec = spec;
    this.train = train;
    this.validation = validation;
    this.heldOut = validation == null;
    this.jsc = train.context();
    this.limits = limits != null ? limits : Aggregation.Limits.of(jsc.getConf());
    this.local = local;
    this.chain = new WeightChain.Sender(jsc);
  }

  /** Tree depth for {@code partials} partial results on the tree route. */
  static int treeDepth(int partials) {
    return partials <= 256 ? 2 : 3;
  }

  @Override
  public int[] partitionRows() {
    return train.trainRows();
  }

  /** One step; in float32 the weights travel as float32, half the broadcast. */
  @Override
  public GradientSum gradient(double[] point, long seed, long epoch, BatchPlan.Slices slices,
      Precision precision) {
    return gradient(point, null, seed, epoch, slices, precision);
  }

  /**
   * One step. On sparse rows the job route sends only the weights {@code changed} since the
   * previous step ({@link WeightChain}); otherwise it broadcasts the whole point.
   */
  @Override
  public GradientSum gradient(double[] point, int[] changed, long seed, long epoch,
      BatchPlan.Slices slices, Precision precision) {
    int[] active = active(slices);
    if (active.length == 0) {
      return GradientSum.zero(point.length);
    }
    Aggregation aggregation = Aggregation.choose(active.length,
        partialValues(slices, active.length), point.length, precision, limits);
    boolean exact = aggregation.route() == Aggregation.Route.TREE;
    if (local.isPresent()) {
      Object values = localPoint(point, precision);
      GradientSum[] sum = {null};
      int[] from = slices.from();
      int[] to = slices.to();
      if (local.get().run(train.blocks(), active,
          data -> partitionGradient(spec, data, seed, epoch, from, to, values),
          part -> sum[0] = exact ? GradientSum.mergeExact(sum[0], part)
              : GradientSum.merge(sum[0], part))) {
        chain.skipped();
        return sum[0] != null ? sum[0] : GradientSum.zero(point.length);
      }
    }
    boolean sparse = train.storage() == FeatureStorage.SPARSE;
    Broadcast<Weights> weights = sparse ? null : jsc.broadcast(Weights.of(point, precision));
    StepWork work = new StepWork(spec, weights,
        sparse ? chain.next(point, changed, precision) : null, seed, epoch, slices.from(),
        slices.to());
    try {
      GradientSum sum = null;
      if (!exact) {
        for (GradientSum part : PartitionJobs.run(train.blocks(), work, active)) {
          sum = GradientSum.merge(sum, part);
        }
      } else {
        sum = Partitions.only(train.blocks(), active).treeAggregate(null,
            (acc, data) -> GradientSum.mergeExact(acc, work.run(data)), GradientSum::mergeExact,
            treeDepth(active.length), true);
      }
      return sum != null ? sum : GradientSum.zero(point.length);
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    } finally {
      if (weights != null) {
        weights.destroy();
      }
    }
  }

  /**
   * The most gradient values one partition's part of this step can hold: all of them, or for
   * sparse rows the first-layer columns its rows can touch (its slice's rows times the most
   * non-zeros a row has in the data) and the layers above. It depends on the data and the plan
   * only, so the route it picks does too.
   */
  private long partialValues(BatchPlan.Slices slices, int partials) {
    long params = spec.numParameters();
    if (train.storage() != FeatureStorage.SPARSE || partials > GradientSum.MAX_LISTED) {
      // past MAX_LISTED the driver would sum the partials exactly, 16 bytes a parameter: let
      // a large network's exact sums meet on the executors, as for dense partials
      return params;
    }
    int[] from = slices.from();
    int[] to = slices.to();
    long rows = 0;
    for (int p = 0; p < from.length; p++) {
      rows = Math.max(rows, to[p] - from[p]);
    }
    long firstLayer = (long) spec.inputs() * spec.size(1);
    long columns = Math.min(spec.inputs(), rows * train.maxRowValues());
    // each column also sends its index, an int: count it as one more value
    return Math.min(params, columns * (spec.size(1) + 1) + params - firstLayer);
  }

  /** The partitions with rows in this step's batch, in order: the step's tasks. */
  public static int[] active(BatchPlan.Slices slices) {
    int[] from = slices.from();
    int[] to = slices.to();
    int n = 0;
    int[] active = new int[from.length];
    for (int p = 0; p < from.length; p++) {
      if (to[p] > from[p]) {
        active[n++] = p;
      }
    }
    return java.util.Arrays.copyOf(active, n);
  }

  /**
   * The point as the local route's tasks read it: the array itself in float64; in float32 a
   * rounded copy, or for sparse rows the array with the part after the first layer rounded
   * ({@link SparsePoint}).
   */
  private Object localPoint(double[] point, Precision precision) {
    if (precision == Precision.FLOAT64) {
      return point;
    }
    return train.storage() == FeatureStorage.SPARSE
        ? SparsePoint.of(point, spec.biasOffset(1)) : PartitionWorker.toFloat(point);
  }

  /** A partition's part of one step. */
  private static final class StepWork extends PartitionJobs.Work<GradientSum> {
    private static final long serialVersionUID = 1L;
    private final NetworkSpec spec;
    /** The point broadcast whole, or null when it comes by {@link #chain}. */
    private final Broadcast<Weights> weights;
    private final WeightChain chain;
    private final long seed;
    private final long epoch;
    private final int[] from;
    private final int[] to;

    StepWork(NetworkSpec spec, Broadcast<Weights> weights, WeightChain chain, long seed,
        long epoch, int[] from, int[] to) {
      this.spec = spec;
      this.weights = weights;
      this.chain = chain;
      this.seed = seed;
      this.epoch = epoch;
      this.from = from;
      this.to = to;
    }

    @Override
    protected GradientSum run(PartitionData data) {
      return partitionGradient(spec, data, seed, epoch, from, to,
          weights != null ? weights.value().values() : chain.values());
    }
  }

  /**
   * One partition's share of a step, on the executor: backprop of its slice
   * {@code [from[p], to[p])} of the epoch's permutation at {@code point} (the broadcast value,
   * float32 or float64), with this task thread's reused {@link PartitionWorker}.
   */
  public static GradientSum partitionGradient(NetworkSpec spec, PartitionData data, long seed,
      long epoch, int[] from, int[] to, Object point) {
    int p = data.partition();
    int[] order = data.order(seed, epoch);
    PartitionWorker worker = Workers.get(spec);
    if (point instanceof SparsePoint sparse) {
      return worker.gradient(p, data.train(), order, from[p], to[p], sparse);
    }
    return point instanceof float[] f
        ? worker.gradient(p, data.train(), order, from[p], to[p], f)
        : worker.gradient(p, data.train(), order, from[p], to[p], (double[]) point);
  }

  @Override
  public boolean hasValidation() {
    return heldOut ? train.totalValidationRows() > 0 : validation.totalTrainRows() > 0;
  }

  @Override
  public Evaluation validate(double[] params) {
    return heldOut ? evaluate(spec, train, true, params, local)
        : evaluate(spec, validation, false, params, local);
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
    return evaluate(spec, data, heldOutRows, params, LocalBlocks.of(data.context().sc()));
  }

  private static Evaluation evaluate(NetworkSpec spec, CachedData data, boolean heldOutRows,
      double[] params, Optional<LocalBlocks> local) {
    data.checkFits(spec);
    if (local.isPresent()) {
      EvaluationSum[] sum = {null};
      int[] all = IntStream.range(0, data.blocks().getNumPartitions()).toArray();
      if (local.get().run(data.blocks(), all, block -> EvaluateWork.evaluate(spec, block,
          heldOutRows, params), part -> sum[0] = EvaluationSum.merge(sum[0], part))) {
        return sum[0] == null ? new Evaluation(Double.NaN, Double.NaN, 0)
            : sum[0].toEvaluation(spec);
      }
    }
    Broadcast<Weights> weights = data.context().broadcast(Weights.of(params, Precision.FLOAT64));
    try {
      EvaluationSum sum = null;
      for (EvaluationSum part : PartitionJobs.run(data.blocks(),
          new EvaluateWork(spec, weights, heldOutRows))) {
        sum = EvaluationSum.merge(sum, part);
      }
      return sum == null ? new Evaluation(Double.NaN, Double.NaN, 0) : sum.toEvaluation(spec);
    } catch (Exception e) {
      throw SparkErrors.unwrap(e);
    } finally {
      weights.destroy();
    }
  }

  /** A partition's loss and correct predictions. */
  private static final class EvaluateWork extends PartitionJobs.Work<EvaluationSum> {
    private static final long serialVersionUID = 1L;
    private final NetworkSpec spec;
    private final Broadcast<Weights> weights;
    private final boolean heldOutRows;

    EvaluateWork(NetworkSpec spec, Broadcast<Weights> weights, boolean heldOutRows) {
      this.spec = spec;
      this.weights = weights;
      this.heldOutRows = heldOutRows;
    }

    @Override
    protected EvaluationSum run(PartitionData data) {
      return evaluate(spec, data, heldOutRows, (double[]) weights.value().values());
    }

    static EvaluationSum evaluate(NetworkSpec spec, PartitionData data, boolean heldOutRows,
        double[] params) {
      return Workers.get(spec).evaluate(data.partition(),
          heldOutRows ? data.validation() : data.train(), params);
    }
  }
}
