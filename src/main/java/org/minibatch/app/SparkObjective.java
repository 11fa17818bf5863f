package org.minibatch.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDInfo;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.BatchPlan;
import org.minibatch.train.Checkpointer;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.Evaluation;
import org.minibatch.train.StopReason;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingDivergedException;
import org.minibatch.train.TrainingResult;
import org.minibatch.train.TrainingState;
import org.minibatch.tune.Metric;
import org.minibatch.tune.Objective;
import org.minibatch.tune.Outcome;
import org.minibatch.tune.Trial;
import org.minibatch.util.Range;

/**
 * Trials trained by the distributed trainer over one {@link PreparedData}: every trial reads
 * the same cached blocks (Spark holds one copy of the training data, whatever the number of
 * trials), and runs its Spark jobs in a fair scheduler pool of its own ({@code trial-ID}), so
 * concurrent trials share the executors evenly when the application runs with
 * {@code spark.scheduler.mode=FAIR}.
 *
 * <p>With {@code budgeted}, a call trains to the given budget in epochs (whole epochs, or the
 * matching number of steps for a fraction) and keeps the trial's {@link TrainingState}, which
 * the next call for that trial continues from: with the same config the weights are those of
 * one uninterrupted run. Otherwise a call is one run as the trial's config says.
 */
final class SparkObjective implements Objective {
  private static final String POOL = "spark.scheduler.pool";

  private final PreparedData data;
  private final TrialSettings trials;
  private final boolean budgeted;
  private final Map<Integer, TrainingState> states = new ConcurrentHashMap<>();
  private final Map<Integer, double[]> keptWeights = new ConcurrentHashMap<>();
  private final java.util.Set<Integer> keepWeightsOf = ConcurrentHashMap.newKeySet();
  private final Metric metric;
  private final double fullBudget;
  private Best best;
  private final AtomicInteger maxCachedRdds = new AtomicInteger();

  /**
   * The best row's weights so far: its trial, budget, metric, final parameters and whether it
   * trained the full budget.
   */
  record Best(Trial trial, double budget, double metric, double[] params, boolean complete) {}

  SparkObjective(PreparedData data, TrialSettings trials, boolean budgeted, Metric metric) {
    this.data = data;
    this.trials = trials;
    this.budgeted = budgeted;
    this.metric = metric;
    this.fullBudget = budgeted
        ? trials.base().getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1)) : Double.NaN;
  }

  @Override
  public Outcome run(Trial trial, double budget) {
    return run(trial, budget, null);
  }

  @Override
  public Outcome runFrom(Trial trial, double budget, Trial parent) {
    double[] weights = keptWeights.get(parent.id());
    if (weights == null) {
      throw new IllegalStateException("trial " + parent.id() + "'s weights were not kept");
    }
    return run(trial, budget, weights);
  }

  @Override
  public boolean sameNetwork(Trial child, Trial parent) {
    return data.config(trials.parsed(child)).network()
        .equals(data.config(trials.parsed(parent)).network());
  }

  @Override
  public void keepWeights(Trial trial) {
    keepWeightsOf.add(trial.id());
  }

  /**
   * The weights of the best row so far, ranked as {@link org.minibatch.tune.SearchResult} ranks
   * rows (complete rows first, then the metric, then the trial id), to measure the best trial on
   * the test set when the search is over; null before any trial finished.
   */
  synchronized Best best() {
    return best;
  }

  private synchronized void noteBest(Trial trial, double budget, double value,
      double[] params) {
    if (Double.isNaN(value)) {
      return;
    }
    boolean complete = Double.isNaN(fullBudget) || budget >= fullBudget * (1 - 1e-9);
    boolean better = best == null || complete && !best.complete()
        || complete == best.complete() && ((metric.higherIsBetter() ? value > best.metric()
            : value < best.metric()) || value == best.metric() && trial.id() < best.trial().id());
    if (better) {
      best = new Best(trial, budget, value, params, complete);
    }
  }

  private Outcome run(Trial trial, double budget, double[] initialParams) {
    TrainConfig config = data.config(trials.parsed(trial));
    int stepsPerEpoch = new BatchPlan(data.train().trainRows(), config.batchSize())
        .stepsPerEpoch();
    if (budgeted) {
      long steps = Math.max(1, Math.round(budget * stepsPerEpoch));
      config = config.toBuilder().stop(config.stop()
          .withMaxEpochs((int) Math.ceil(steps / (double) stepsPerEpoch))
          .withMaxSteps(steps)).build();
    }
    JavaSparkContext sc = data.train().context();
    String pool = sc.getLocalProperty(POOL);
    sc.setLocalProperty(POOL, "trial-" + trial.id());
    long start = System.nanoTime();
    try {
      noteStorage(sc);
      TrainingState before = states.remove(trial.id());
      Holder end = new Holder();
      TrainingResult result = before == null
          ? data.train(config, List.of(), end, initialParams)
          : data.resume(config, List.of(), end, before);
      if (budgeted && end.state != null) {
        states.put(trial.id(), end.state);
      }
      if (keepWeightsOf.contains(trial.id())) {
        keptWeights.put(trial.id(), result.params());
      }
      double value = metric(config.network(), result);
      noteBest(trial, budget, value, result.params());
      return new Outcome(value, result.steps()
          / (double) stepsPerEpoch, (System.nanoTime() - start) / 1e9, Outcome.OK);
    } catch (TrainingDivergedException e) {
      return new Outcome(Double.NaN, e.lastGood().steps() / (double) stepsPerEpoch,
          (System.nanoTime() - start) / 1e9, Outcome.DIVERGED);
    } finally {
      sc.setLocalProperty(POOL, pool);
    }
  }

  /** Validation accuracy for classifiers, loss otherwise, of the weights the run kept. */
  private double metric(NetworkSpec net, TrainingResult result) {
    List<EpochMetrics> epochs = result.history().epochs();
    Evaluation validation;
    if (result.stopReason() == StopReason.EARLY_STOPPING || epochs.isEmpty()) {
      // early stopping restored an earlier epoch's weights: measure those
      validation = data.validate(net, result.params());
    } else {
      EpochMetrics last = epochs.get(epochs.size() - 1);
      validation = new Evaluation(last.validationLoss(), last.validationAccuracy(), 0);
    }
    return net.isClassifier() ? validation.accuracy() : validation.loss();
  }

  /** The state a budgeted trial stopped in, or null (tests compare continued runs with it). */
  TrainingState state(Trial trial) {
    return states.get(trial.id());
  }

  @Override
  public void release(Trial trial) {
    states.remove(trial.id());
    keptWeights.remove(trial.id());
    keepWeightsOf.remove(trial.id());
  }

  /**
   * The most RDDs this search held cached at the start of any trial: one, the training blocks,
   * whatever the number of trials. Counts the cached RDDs created since the training data was
   * cached (RDD ids only grow), so other work in the same application does not count.
   */
  int maxCachedRdds() {
    return maxCachedRdds.get();
  }

  /**
   * Counts the cached RDDs from the training set on, leaving out the test set (read once, for
   * the best trial): more than 1 would mean trials cache copies of the training data.
   */
  private void noteStorage(JavaSparkContext sc) {
    int first = data.train().blocks().id();
    int test = data.test() == null ? -1 : data.test().blocks().id();
    int cached = 0;
    for (RDDInfo info : sc.sc().getRDDStorageInfo()) {
      if (info.isCached() && info.id() >= first && info.id() != test) {
        cached++;
      }
    }
    maxCachedRdds.accumulateAndGet(cached, Math::max);
  }

  /** Keeps the state a run ends with, to continue it at the next budget. */
  private static final class Holder implements Checkpointer {
    TrainingState state;

    @Override
    public void afterStep(long step, Supplier<TrainingState> snapshot) {}

    @Override
    public void atEnd(TrainingState value) {
      state = value;
    }
  }
}
