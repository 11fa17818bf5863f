package org.minibatch.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.TrainingHistory;
import org.minibatch.train.WindowMetrics;

/**
 * The charts of a training run, as PNG bytes by file name: loss against epochs, steps and
 * seconds (training windows, and validation at each epoch's end), validation accuracy against
 * epochs (classifiers with a validation set), and the learning rate of every step.
 */
public final class TrainingCharts {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 480;

  private TrainingCharts() {}

  public static Map<String, byte[]> draw(TrainingHistory history, Schedule schedule,
      long steps) {
    Map<String, byte[]> charts = new LinkedHashMap<>();
    List<EpochMetrics> epochs = history.epochs();
    List<WindowMetrics> windows = history.windows();
    if (epochs.isEmpty() || windows.isEmpty()) {
      return charts;
    }
    boolean validation = !Double.isNaN(epochs.get(0).validationLoss());

    XYChart byEpoch = chart("Loss by epoch", "epoch", "loss");
    double[] epochX = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
    points(byEpoch, "training (mean over the epoch)", epochX,
        epochs.stream().mapToDouble(EpochMetrics::trainLoss).toArray(), 0);
    if (validation) {
      points(byEpoch, "validation", epochX,
          epochs.stream().mapToDouble(EpochMetrics::validationLoss).toArray(), 1);
    }
    charts.put("loss_epochs.png", Charts.pngBytes(byEpoch));

    if (validation && !Double.isNaN(epochs.get(0).validationAccuracy())) {
      XYChart accuracy = chart("Validation accuracy by epoch", "epoch", "accuracy");
      points(accuracy, "validation", epochX,
          epochs.stream().mapToDouble(EpochMetrics::validationAccuracy).toArray(), 1);
      charts.put("accuracy_epochs.png", Charts.pngBytes(accuracy));
    }

    double[] windowLoss = windows.stream().mapToDouble(WindowMetrics::loss).toArray();
    XYChart bySteps = chart("Training loss by step", "step", "loss");
    Charts.line(bySteps, "training (mean over each logging window)",
        windows.stream().mapToDouble(WindowMetrics::step).toArray(), windowLoss,
        Charts.color(0), 2f);
    if (validation) {
      points(bySteps, "validation", epochs.stream().mapToDouble(EpochMetrics::step).toArray(),
          epochs.stream().mapToDouble(EpochMetrics::validationLoss).toArray(), 1);
    }
    charts.put("loss_steps.png", Charts.pngBytes(bySteps));

    XYChart bySeconds = chart("Training loss by time", "seconds", "loss");
    Charts.line(bySeconds, "training", windows.stream().mapToDouble(WindowMetrics::seconds)
        .toArray(), windowLoss, Charts.color(0), 2f);
    charts.put("loss_seconds.png", Charts.pngBytes(bySeconds));

    int n = (int) Math.max(1, Math.min(steps, 20_000));
    double[] stepX = new double[n];
    double[] rate = new double[n];
    for (int i = 0; i < n; i++) {
      long step = 1 + Math.round((double) i * (Math.max(steps, 1) - 1) / Math.max(1, n - 1));
      stepX[i] = step;
      rate[i] = schedule.rate(step);
    }
    XYChart lr = chart("Learning rate: " + schedule, "step", "learning rate");
    Charts.line(lr, "learning rate", stepX, rate, Charts.color(2), 2f);
    charts.put("lr_steps.png", Charts.pngBytes(lr));
    return charts;
  }

  /** A line chart with the legend inside, top right, where loss curves leave room. */
  private static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart chart = Charts.lineChart(title, xTitle, yTitle, WIDTH, HEIGHT);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    return chart;
  }

  private static void points(XYChart chart, String name, double[] x, double[] y, int color) {
    XYSeries series = Charts.line(chart, name, x, y, Charts.color(color), 2f);
    if (x.length < 60) {
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setMarkerColor(Charts.color(color));
    }
  }
}
