package org.minibatch.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch (steps done, ETA) with the running loss, learning rate and
 * samples per second, and one summary line per epoch with the validation metrics.
 */
public final class ConsoleProgressListener implements TrainingListener {
  private final PrintStream console;
  private ProgressBar bar;
  private int stepsPerEpoch;
  private int maxEpochs;
  private long epochStartNanos;
  private long epochRows;
  private double runningLoss = Double.NaN;

  public ConsoleProgressListener(PrintStream console) {
    this.console = console;
  }

  @Override
  public void onStart(Start start) {
    stepsPerEpoch = start.stepsPerEpoch();
    maxEpochs = start.config().stop().maxEpochs();
    console.printf(Locale.ROOT, "training %s on %,d rows in %d partition(s): batch %d, %d steps"
            + " per epoch, %s, %s%n", start.config().network(), start.rows(), start.partitions(),
        start.batchSize(), start.stepsPerEpoch(), start.config().optimizer(),
        start.config().schedule());
  }

  @Override
  public void onEpochStart(int epoch) {
    epochStartNanos = System.nanoTime();
    epochRows = 0;
    bar = new ProgressBarBuilder()
        .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, maxEpochs))
        .setInitialMax(stepsPerEpoch)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(console, 100))
        .continuousUpdate()
        .build();
  }

  @Override
  public void onStep(long step, int epoch, int stepInEpoch, double loss, double learningRate,
      long rows) {
    runningLoss = Double.isNaN(runningLoss) ? loss : 0.95 * runningLoss + 0.05 * loss;
    epochRows += rows;
    double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
    bar.stepTo(stepInEpoch + 1L);
    bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f lr %.3g %.0f rows/s",
        runningLoss, learningRate, epochRows / Math.max(seconds, 1e-9)));
  }

  @Override
  public void onEpochEnd(EpochMetrics e) {
    closeBar();
    String validation = Double.isNaN(e.validationLoss()) ? ""
        : String.format(Locale.ROOT, ", validation loss %.4f%s", e.validationLoss(),
            Double.isNaN(e.validationAccuracy()) ? ""
                : String.format(Locale.ROOT, " accuracy %.4f", e.validationAccuracy()));
    console.printf(Locale.ROOT, "epoch %d: train loss %.4f%s (%.1f s)%n", e.epoch(),
        e.trainLoss(), validation, e.seconds());
  }

  @Override
  public void onEnd(TrainingResult result) {
    closeBar();
    console.printf(Locale.ROOT, "stopped after %d steps: %s%n", result.steps(),
        result.stopDetail());
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
