package org.minibatch.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.minibatch.nn.Blas;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.SparseGradient;
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.train.StopCriteria.EarlyStoppingMetric;
import org.minibatch.util.VectorMath;

/**
 * The training loop, shared by the single-machine and the distributed trainer: for every step,
 * ask the optimizer where to evaluate, get the summed gradient from the {@link GradientSource},
 * divide by the rows, update with this step's rate from the schedule, and check the stop
 * criteria ({@link StopCriteria}); report windows and epochs to the listeners, and hand the
 * state to the {@link Checkpointer} after every step.
 *
 * <p>A NaN or infinite loss or gradient stops training with a {@link TrainingDivergedException}
 * that names the step and keeps the last finite weights.
 */
public final class Trainer {
  private final TrainConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private Checkpointer checkpointer = Checkpointer.NONE;
  private boolean sparseUpdates = true;
  private LongSupplier nanoClock = System::nanoTime;

  public Trainer(TrainConfig config) {
    this.config = config;
  }

  public TrainConfig config() {
    return config;
  }

  public Trainer addListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /**
   * Whether a step whose gradient is a sparse batch's ({@link GradientSum#meanSparse}) updates
   * only the parameters it touches, when the optimizer's rule allows it
   * ({@link Optimizer#stepsSparse}; default: true). For {@code sgd} and {@code adagrad} the
   * weights are the same bits either way (tests and measurements turn it off); for
   * {@code lazy_adam} it is what makes it lazy, and off it is Adam.
   */
  public Trainer sparseUpdates(boolean value) {
    this.sparseUpdates = value;
    return this;
  }

  /**
   * The clock the run's timings and its time limit read, in nanoseconds (default:
   * {@link System#nanoTime}; tests give one they advance themselves).
   */
  public Trainer clock(LongSupplier nanos) {
    this.nanoClock = nanos;
    return this;
  }

  /** Where to save the state as training goes (default: nowhere). */
  public Trainer checkpointer(Checkpointer value) {
    this.checkpointer = value;
    return this;
  }

  /** Trains from the initializer's weights. */
  public TrainingResult train(GradientSource source) {
    return train(source, null);
  }

  /** Trains from {@code initialParams} (copied), or from the initializer's weights if null. */
  public TrainingResult train(GradientSource source, double[] initialParams) {
    NetworkSpec spec = config.network();
    double[] params = initialParams != null ? initialParams.clone()
        : config.initializer().initialize(spec, config.seed());
    if (params.length != spec.numParameters()) {
      throw new IllegalArgumentException("initial parameters hold " + params.length
          + " values, network " + spec + " has " + spec.numParameters());
    }
    return resume(source, new TrainingState(params));
  }

  /**
   * Continues a run from {@code state} (from a {@link Checkpoint} of a run with the same config
   * and data layout): the weights at the end are bit-identical to those of an uninterrupted run.
   */
  public TrainingResult resume(GradientSource source, TrainingState state) {
    if (config.stop().patience() > 0 && !source.hasValidation()) {
      throw new IllegalArgumentException("early stopping (patience " + config.stop().patience()
          + ") needs a validation set: set a validation fraction or validation data");
    }
    Blas.announce();
    return new Run(source, state).run();
  }

  /** One run over a {@link TrainingState}. */
  private final class Run {
    private final GradientSource source;
    private final TrainingState s;
    private final LastGood lastGood;
    /** The dense mean gradient, made on the first step that needs it. */
    private double[] grad;
    /** Whether steps may update only the parameters a sparse batch's gradient touches. */
    private final boolean sparseSteps;
    /** Where the weights changed in the latest step, when only some did; null: anywhere. */
    private int[] changed;
    private final double[] scratch;
    private final Optimizer optimizer = config.optimizer().copy();
    private final Schedule schedule = config.schedule();
    private final BatchPlan plan;
    private final int windowSteps;
    private final LossWindow window;
    private final EpochSums epochSums;
    private final StopCriteria stop = config.stop();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final long startNanos = nanoClock.getAsLong();
    private final double elapsedBefore;
    /** The largest finite gradient norm in this run (since a resume), for error messages. */
    private double largestGradNorm;
    private long largestGradNormStep;

    Run(GradientSource source, TrainingState state) {
      this.source = source;
      this.s = state;
      this.lastGood = new LastGood();
      this.sparseSteps = sparseUpdates && optimizer.stepsSparse();
      // a rule that can step sparse evaluates at the weights themselves: no look-ahead copy
      this.scratch = optimizer.stepsSparse() ? null : new double[state.params.length];
      this.plan = new BatchPlan(source.partitionRows(), config.batchSize());
      this.windowSteps = config.windowSteps(plan.stepsPerEpoch());
      this.elapsedBefore = state.elapsedSeconds;
      this.window = LossWindow.restore(state);
      this.epochSums = EpochSums.restore(state);
      if (state.optimizer != null) {
        optimizer.restore(state.optimizer);
      }
      state.stopReason = null;
      state.stopDetail = null;
      listeners.add(state.history);
      listeners.addAll(Trainer.this.listeners);
    }

    TrainingResult run() {
      TrainingListener.Start start = new TrainingListener.Start(plan.totalRows(),
          plan.partitions(), plan.batchSize(), plan.stepsPerEpoch(), windowSteps,
          s.params.length, config);
      listeners.forEach(l -> l.onStart(start));
      if (s.stepInEpoch == 0 && s.epoch >= stop.maxEpochs()) {
        fire(StopReason.MAX_EPOCHS, "reached " + s.epoch + " epochs");
      }
      checkStepLimits();
      while (s.stopReason == null) {
        if (s.stepInEpoch == 0) {
          s.epoch++;
          epochSums.close();
        }
        runEpoch();
      }
      if (s.bestParams != null) {
        System.arraycopy(s.bestParams, 0, s.params, 0, s.params.length);
      }
      saveTimings();
      checkpointer.atEnd(snapshot());
      TrainingResult result = result(s.params, s.step, s.stopReason, s.stopDetail);
      listeners.forEach(l -> l.onEnd(result));
      return result;
    }

    private void runEpoch() {
      listeners.forEach(l -> l.onEpochStart(s.epoch));
      BatchPlan.Cursor cursor = plan.cursor();
      cursor.skipTo(s.stepInEpoch);
      while (cursor.hasNext() && s.stopReason == null) {
        runStep(cursor.next());
        checkStepLimits();
        boolean epochDone = !cursor.hasNext();
        if (window.steps() == windowSteps || epochDone || s.stopReason != null) {
          checkWindowCriteria();
          boolean lastWindow = epochDone || s.stopReason != null;
          Evaluation validation = lastWindow ? validate() : null;
          closeWindow(validation);
          if (lastWindow) {
            closeEpoch(validation, epochDone);
          }
        }
        if (epochDone) {
          s.stepInEpoch = 0;
        }
        if (s.stopReason == null) {
          saveTimings();
          checkpointer.afterStep(s.step, this::snapshot);
        }
      }
    }

    private void runStep(BatchPlan.Slices slices) {
      long t0 = nanoClock.getAsLong();
      double[] point = optimizer.evaluationPoint(s.params, scratch);
      GradientSum sum = source.gradient(point, point == s.params ? changed : null,
          config.seed(), s.epoch, slices, config.precision());
      long t1 = nanoClock.getAsLong();
      SparseGradient sparse = sparseSteps ? sum.meanSparse() : null;
      if (sparse == null) {
        if (grad == null) {
          grad = new double[s.params.length];
        }
        sum.meanGradient(grad);
      }
      double loss = sum.meanLoss();
      double gradNorm = sparse != null ? sparse.norm() : VectorMath.norm(grad);
      if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
        throw diverged(sum.overflowed() ? overflowText() : !Double.isFinite(loss)
            ? "loss became " + loss : "gradient norm became " + gradNorm);
      }
      if (gradNorm > largestGradNorm) {
        largestGradNorm = gradNorm;
        largestGradNormStep = s.step + 1;
      }
      if (s.step == 0) {
        s.firstLoss = loss;
        s.firstGradNorm = gradNorm;
      }
      s.lastRate = schedule.rate(s.step + 1);
      if (sparse != null) {
        optimizer.step(s.params, sparse, s.lastRate, lastGood.sparseRecord(sparse.indices()));
        changed = sparse.indices();
      } else {
        lastGood.beforeUpdate(s.params);
        optimizer.step(s.params, grad, s.lastRate);
        changed = null;
      }
      s.step++;
      int stepInEpoch = s.stepInEpoch++;
      s.updateSeconds += (nanoClock.getAsLong() - t1) / 1e9;
      s.gradientSeconds += (t1 - t0) / 1e9;
      // Windows and epochs average over rows; a step of weighted rows enters with its
      // weighted mean loss, counted for its rows (the checkpointed sums stay row counts)
      double stepLoss = sum.weighted() ? loss * sum.rows() : sum.lossSum();
      window.add(stepLoss, sum.rows(), gradNorm);
      epochSums.add(stepLoss, sum.rows());
      for (TrainingListener l : listeners) {
        l.onStep(s.step, s.epoch, stepInEpoch, loss, s.lastRate, sum.rows());
      }
    }

    private void checkStepLimits() {
      if (stop.maxSteps() > 0 && s.step >= stop.maxSteps()) {
        fire(StopReason.MAX_STEPS, "reached " + s.step + " steps");
      } else if (stop.timeLimitSeconds() > 0 && seconds() >= stop.timeLimitSeconds()) {
        fire(StopReason.TIME_LIMIT, String.format(Locale.ROOT, "%.1f s >= limit %s s",
            seconds(), stop.timeLimitSeconds()));
      }
    }

    private void checkWindowCriteria() {
      double loss = window.meanLoss();
      double gradNorm = window.meanGradNorm();
      if (stop.lossBelow() > 0 && loss <= stop.lossBelow()) {
        fire(StopReason.LOSS_BELOW, String.format(Locale.ROOT, "loss %.6g <= %s", loss,
            stop.lossBelow()));
      } else if (stop.lossRatio() > 0 && loss <= stop.lossRatio() * s.firstLoss) {
        fire(StopReason.LOSS_RATIO, String.format(Locale.ROOT,
            "loss %.6g <= %s x first loss %.6g", loss, stop.lossRatio(), s.firstLoss));
      } else if (stop.gradNormRatio() > 0
          && gradNorm <= stop.gradNormRatio() * s.firstGradNorm) {
        fire(StopReason.GRAD_NORM_RATIO, String.format(Locale.ROOT,
            "gradient norm %.6g <= %s x first norm %.6g", gradNorm, stop.gradNormRatio(),
            s.firstGradNorm));
      }
    }

    private void closeWindow(Evaluation validation) {
      WindowMetrics metrics = new WindowMetrics(s.step, s.epoch, window.meanLoss(), s.lastRate,
          window.meanGradNorm(), seconds(), window.rows(),
          validation == null ? Double.NaN : validation.loss(),
          validation == null ? Double.NaN : validation.accuracy());
      listeners.forEach(l -> l.onWindow(metrics));
      window.close();
    }

    private void closeEpoch(Evaluation validation, boolean complete) {
      EpochMetrics metrics = new EpochMetrics(s.epoch, s.step, epochSums.meanLoss(),
          validation == null ? Double.NaN : validation.loss(),
          validation == null ? Double.NaN : validation.accuracy(), seconds(), complete);
      listeners.forEach(l -> l.onEpochEnd(metrics));
      if (stop.patience() > 0) {
        trackBest(validation);
      }
      if (complete && s.epoch >= stop.maxEpochs()) {
        fire(StopReason.MAX_EPOCHS, "reached " + s.epoch + " epochs");
      }
    }

    private void trackBest(Evaluation validation) {
      boolean byAccuracy = stop.metric() == EarlyStoppingMetric.ACCURACY;
      double value = byAccuracy ? validation.accuracy() : validation.loss();
      boolean improved = Double.isNaN(s.bestMetric)
          || (byAccuracy ? value > s.bestMetric : value < s.bestMetric);
      if (improved) {
        s.bestMetric = value;
        s.bestParams = s.params.clone();
        s.epochsSinceBest = 0;
      } else if (++s.epochsSinceBest >= stop.patience()) {
        fire(StopReason.EARLY_STOPPING, String.format(Locale.ROOT,
            "validation %s did not improve on %.6g for %d epochs; restored epoch %d",
            byAccuracy ? "accuracy" : "loss", s.bestMetric, s.epochsSinceBest,
            s.epoch - s.epochsSinceBest));
      }
    }

    private Evaluation validate() {
      if (!source.hasValidation()) {
        return null;
      }
      long t0 = nanoClock.getAsLong();
      Evaluation evaluation = source.validate(s.params);
      s.validationSeconds += (nanoClock.getAsLong() - t0) / 1e9;
      return evaluation;
    }

    private void fire(StopReason why, String text) {
      if (s.stopReason == null) {
        s.stopReason = why;
        s.stopDetail = why.key() + ": " + text;
      }
    }

    /** Why a sum that overflowed is not a number, with how large the gradients had become. */
    private String overflowText() {
      return "the exact sum of the partitions' gradients overflowed (a total of magnitude 2^63"
          + " or more in the 64.64 fixed point that adds more than " + GradientSum.MAX_LISTED
          + " partitions' gradients in any order)" + (largestGradNormStep == 0
              ? ", on the first step of this run"
              : String.format(Locale.ROOT, "; the largest gradient norm before it was %.6g,"
                  + " at step %d", largestGradNorm, largestGradNormStep));
    }

    private TrainingDivergedException diverged(String what) {
      // the latest update led to these weights; its step's gradient was the last finite one
      String kept = s.step == 0 ? "the initial weights are kept"
          : !lastGood.recorded() ? "the weights this run resumed from (after step " + s.step
              + ") are kept"
          : "the weights step " + s.step + " started from, the last with a finite loss, are kept";
      String message = String.format(Locale.ROOT,
          "training diverged at step %d (epoch %d): %s. Try a smaller learning rate (the last "
              + "was %s) or gradient clipping (clip_norm=1 in the optimizer spec, or "
              + "train.clip_norm); %s.",
          s.step + 1, s.epoch, what, s.lastRate, kept);
      saveTimings();
      // the kept weights are those before the latest update, when this run made one
      TrainingResult partial = result(lastGood.weights(s.params),
          lastGood.recorded() ? s.step - 1 : s.step, StopReason.DIVERGED, message);
      listeners.forEach(l -> l.onEnd(partial));
      return new TrainingDivergedException(message, partial);
    }

    /** The state as a checkpoint needs it, the optimizer's part copied out. */
    private TrainingState snapshot() {
      s.optimizer = optimizer.state();
      window.saveTo(s);
      epochSums.saveTo(s);
      return s;
    }

    private void saveTimings() {
      s.elapsedSeconds = seconds();
    }

    private TrainingResult result(double[] weights, long steps, StopReason why, String text) {
      Timings timings = new Timings(s.gradientSeconds, s.updateSeconds, s.validationSeconds,
          seconds());
      return new TrainingResult(weights.clone(), why, text, steps, s.epoch, optimizer.state(),
          s.history, timings);
    }

    private double seconds() {
      return elapsedBefore + (nanoClock.getAsLong() - startNanos) / 1e9;
    }
  }
}
