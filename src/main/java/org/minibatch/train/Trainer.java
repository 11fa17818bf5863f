package org.minibatch.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minibatch.nn.Blas;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.train.StopCriteria.EarlyStoppingMetric;

/**
 * The training loop, shared by the single-machine and the distributed trainer: for every step,
 * ask the optimizer where to evaluate, get the summed gradient from the {@link GradientSource},
 * divide by the rows, update with this step's rate from the schedule, and check the stop
 * criteria ({@link StopCriteria}); report windows and epochs to the listeners.
 *
 * <p>A NaN or infinite loss or gradient stops training with a {@link TrainingDivergedException}
 * that names the step and keeps the last finite weights.
 */
public final class Trainer {
  private final TrainConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();

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
    if (config.stop().patience() > 0 && !source.hasValidation()) {
      throw new IllegalArgumentException("early stopping (patience " + config.stop().patience()
          + ") needs a validation set: set a validation fraction or validation data");
    }
    Blas.announce();
    return new Run(source, params).run();
  }

  /** The mutable state of one run. */
  private final class Run {
    private final GradientSource source;
    private final double[] params;
    private final double[] lastGood;
    private final double[] grad;
    private final double[] scratch;
    private final Optimizer optimizer = config.optimizer().copy();
    private final Schedule schedule = config.schedule();
    private final BatchPlan plan;
    private final int windowSteps;
    private final StopCriteria stop = config.stop();
    private final TrainingHistory history = new TrainingHistory();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private long gradientNanos;
    private long updateNanos;
    private long validationNanos;

    private long step;
    private int epoch;
    private double firstLoss = Double.NaN;
    private double firstGradNorm = Double.NaN;
    private double lastRate;
    private int windowCount;
    private double windowLossSum;
    private long windowRows;
    private double windowGradNormSum;
    private double epochLossSum;
    private long epochRows;
    private double bestMetric = Double.NaN;
    private double[] bestParams;
    private int epochsSinceBest;
    private StopReason reason;
    private String detail;

    Run(GradientSource source, double[] params) {
      this.source = source;
      this.params = params;
      this.lastGood = params.clone();
      this.grad = new double[params.length];
      this.scratch = new double[params.length];
      this.plan = new BatchPlan(source.partitionRows(), config.batchSize());
      this.windowSteps = config.windowSteps(plan.stepsPerEpoch());
      listeners.add(history);
      listeners.addAll(Trainer.this.listeners);
    }

    TrainingResult run() {
      TrainingListener.Start start = new TrainingListener.Start(plan.totalRows(),
          plan.partitions(), plan.batchSize(), plan.stepsPerEpoch(), windowSteps,
          params.length, config);
      listeners.forEach(l -> l.onStart(start));
      while (reason == null) {
        epoch++;
        runEpoch();
      }
      if (bestParams != null) {
        System.arraycopy(bestParams, 0, params, 0, params.length);
      }
      TrainingResult result = result(params, reason, detail);
      listeners.forEach(l -> l.onEnd(result));
      return result;
    }

    private void runEpoch() {
      listeners.forEach(l -> l.onEpochStart(epoch));
      BatchPlan.Cursor cursor = plan.cursor();
      epochLossSum = 0;
      epochRows = 0;
      int stepInEpoch = 0;
      while (cursor.hasNext() && reason == null) {
        runStep(cursor.next(), stepInEpoch++);
        checkStepLimits();
        boolean epochDone = !cursor.hasNext();
        if (windowCount == windowSteps || epochDone || reason != null) {
          checkWindowCriteria();
          boolean lastWindow = epochDone || reason != null;
          Evaluation validation = lastWindow ? validate() : null;
          closeWindow(validation);
          if (lastWindow) {
            closeEpoch(validation, epochDone);
          }
        }
      }
    }

    private void runStep(BatchPlan.Slices slices, int stepInEpoch) {
      long t0 = System.nanoTime();
      double[] point = optimizer.evaluationPoint(params, scratch);
      GradientSum sum = source.gradient(point, config.seed(), epoch, slices);
      long t1 = System.nanoTime();
      sum.meanGradient(grad);
      double loss = sum.meanLoss();
      double gradNorm = norm(grad);
      if (!Double.isFinite(loss) || !Double.isFinite(gradNorm)) {
        throw diverged(loss, gradNorm);
      }
      if (step == 0) {
        firstLoss = loss;
        firstGradNorm = gradNorm;
      }
      System.arraycopy(params, 0, lastGood, 0, params.length);
      lastRate = schedule.rate(step + 1);
      optimizer.step(params, grad, lastRate);
      step++;
      updateNanos += System.nanoTime() - t1;
      gradientNanos += t1 - t0;
      windowCount++;
      windowLossSum += sum.lossSum();
      windowRows += sum.rows();
      windowGradNormSum += gradNorm;
      epochLossSum += sum.lossSum();
      epochRows += sum.rows();
      for (TrainingListener l : listeners) {
        l.onStep(step, epoch, stepInEpoch, loss, lastRate, sum.rows());
      }
    }

    private void checkStepLimits() {
      if (stop.maxSteps() > 0 && step >= stop.maxSteps()) {
        fire(StopReason.MAX_STEPS, "reached " + step + " steps");
      } else if (stop.timeLimitSeconds() > 0 && seconds() >= stop.timeLimitSeconds()) {
        fire(StopReason.TIME_LIMIT, String.format(Locale.ROOT, "%.1f s >= limit %s s",
            seconds(), stop.timeLimitSeconds()));
      }
    }

    private void checkWindowCriteria() {
      double loss = windowLossSum / windowRows;
      double gradNorm = windowGradNormSum / windowCount;
      if (stop.lossBelow() > 0 && loss <= stop.lossBelow()) {
        fire(StopReason.LOSS_BELOW, String.format(Locale.ROOT, "loss %.6g <= %s", loss,
            stop.lossBelow()));
      } else if (stop.lossRatio() > 0 && loss <= stop.lossRatio() * firstLoss) {
        fire(StopReason.LOSS_RATIO, String.format(Locale.ROOT,
            "loss %.6g <= %s x first loss %.6g", loss, stop.lossRatio(), firstLoss));
      } else if (stop.gradNormRatio() > 0 && gradNorm <= stop.gradNormRatio() * firstGradNorm) {
        fire(StopReason.GRAD_NORM_RATIO, String.format(Locale.ROOT,
            "gradient norm %.6g <= %s x first norm %.6g", gradNorm, stop.gradNormRatio(),
            firstGradNorm));
      }
    }

    private void closeWindow(Evaluation validation) {
      WindowMetrics window = new WindowMetrics(step, epoch, windowLossSum / windowRows, lastRate,
          windowGradNormSum / windowCount, seconds(), windowRows,
          validation == null ? Double.NaN : validation.loss(),
          validation == null ? Double.NaN : validation.accuracy());
      listeners.forEach(l -> l.onWindow(window));
      windowCount = 0;
      windowLossSum = 0;
      windowRows = 0;
      windowGradNormSum = 0;
    }

    private void closeEpoch(Evaluation validation, boolean complete) {
      EpochMetrics metrics = new EpochMetrics(epoch, step, epochLossSum / epochRows,
          validation == null ? Double.NaN : validation.loss(),
          validation == null ? Double.NaN : validation.accuracy(), seconds(), complete);
      listeners.forEach(l -> l.onEpochEnd(metrics));
      if (stop.patience() > 0) {
        trackBest(validation);
      }
      if (complete && epoch >= stop.maxEpochs()) {
        fire(StopReason.MAX_EPOCHS, "reached " + epoch + " epochs");
      }
    }

    private void trackBest(Evaluation validation) {
      boolean byAccuracy = stop.metric() == EarlyStoppingMetric.ACCURACY;
      double value = byAccuracy ? validation.accuracy() : validation.loss();
      boolean improved = Double.isNaN(bestMetric)
          || (byAccuracy ? value > bestMetric : value < bestMetric);
      if (improved) {
        bestMetric = value;
        bestParams = params.clone();
        epochsSinceBest = 0;
      } else if (++epochsSinceBest >= stop.patience()) {
        fire(StopReason.EARLY_STOPPING, String.format(Locale.ROOT,
            "validation %s did not improve on %.6g for %d epochs; restored epoch %d",
            byAccuracy ? "accuracy" : "loss", bestMetric, epochsSinceBest,
            epoch - epochsSinceBest));
      }
    }

    private Evaluation validate() {
      if (!source.hasValidation()) {
        return null;
      }
      long t0 = System.nanoTime();
      Evaluation evaluation = source.validate(params);
      validationNanos += System.nanoTime() - t0;
      return evaluation;
    }

    private void fire(StopReason why, String text) {
      if (reason == null) {
        reason = why;
        detail = why.key() + ": " + text;
      }
    }

    private TrainingDivergedException diverged(double loss, double gradNorm) {
      String what = !Double.isFinite(loss) ? "loss became " + loss
          : "gradient norm became " + gradNorm;
      String message = String.format(Locale.ROOT,
          "training diverged at step %d (epoch %d): %s. Try a smaller learning rate (the last "
              + "was %s) or gradient clipping (clip_norm=1 in the optimizer spec, or "
              + "train.clip_norm); the weights of step %d are kept.",
          step + 1, epoch, what, lastRate, step);
      TrainingResult partial = result(lastGood, StopReason.DIVERGED, message);
      listeners.forEach(l -> l.onEnd(partial));
      return new TrainingDivergedException(message, partial);
    }

    private TrainingResult result(double[] weights, StopReason why, String text) {
      Timings timings = new Timings(gradientNanos / 1e9, updateNanos / 1e9,
          validationNanos / 1e9, seconds());
      return new TrainingResult(weights.clone(), why, text, step, epoch, optimizer.state(),
          history, timings);
    }

    private double seconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }
  }

  static double norm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
