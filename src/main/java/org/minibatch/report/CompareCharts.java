package org.minibatch.report;

import java.awt.BasicStroke;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.TrainingHistory;
import org.minibatch.train.WindowMetrics;

/**
 * Optimizers compared on one problem, as in the lectures' pictures: training loss against steps
 * and against seconds (the mean over each logging window), and validation accuracy (or loss,
 * for regression) at the end of every epoch, every optimizer overlaid in its own colour.
 */
public final class CompareCharts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 540;

  private CompareCharts() {}

  /**
   * PNG bytes by file name: {@code loss_steps.png}, {@code loss_seconds.png}, and with a
   * validation set {@code accuracy_epochs.png} (classifiers) or {@code validation_loss_epochs.png}.
   *
   * @param histories each optimizer's history, by the label to show
   */
  public static Map<String, byte[]> draw(Map<String, TrainingHistory> histories,
      boolean classifier) {
    Map<String, byte[]> charts = new LinkedHashMap<>();
    charts.put("loss_steps.png", Charts.pngBytes(windows(histories, "Training loss by step",
        "step", WindowMetrics::step)));
    charts.put("loss_seconds.png", Charts.pngBytes(windows(histories, "Training loss by time",
        "seconds", WindowMetrics::seconds)));
    boolean validation = histories.values().stream().anyMatch(h -> !h.epochs().isEmpty()
        && !Double.isNaN(h.epochs().get(0).validationLoss()));
    if (validation) {
      charts.put(classifier ? "accuracy_epochs.png" : "validation_loss_epochs.png",
          Charts.pngBytes(epochs(histories, classifier)));
    }
    return charts;
  }

  private static XYChart windows(Map<String, TrainingHistory> histories, String title,
      String xTitle, ToDoubleFunction<WindowMetrics> x) {
    XYChart chart = Charts.lineChart(title, xTitle, "training loss (window mean)", WIDTH,
        HEIGHT);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    int i = 0;
    for (Map.Entry<String, TrainingHistory> e : histories.entrySet()) {
      List<WindowMetrics> w = e.getValue().windows();
      if (!w.isEmpty()) {
        Charts.line(chart, e.getKey(), w.stream().mapToDouble(x).toArray(),
            w.stream().mapToDouble(WindowMetrics::loss).toArray(), Charts.color(i), 1.8f);
      }
      i++;
    }
    return chart;
  }

  private static XYChart epochs(Map<String, TrainingHistory> histories, boolean accuracy) {
    XYChart chart = Charts.lineChart(accuracy ? "Validation accuracy by epoch"
        : "Validation loss by epoch", "epoch", accuracy ? "validation accuracy"
        : "validation loss", WIDTH, HEIGHT);
    chart.getStyler().setLegendPosition(accuracy ? Styler.LegendPosition.InsideSE
        : Styler.LegendPosition.InsideNE);
    int i = 0;
    for (Map.Entry<String, TrainingHistory> e : histories.entrySet()) {
      List<EpochMetrics> epochs = e.getValue().epochs();
      if (!epochs.isEmpty()) {
        double[] x = epochs.stream().mapToDouble(EpochMetrics::epoch).toArray();
        double[] y = epochs.stream().mapToDouble(accuracy ? EpochMetrics::validationAccuracy
            : EpochMetrics::validationLoss).toArray();
        // Added directly, not with Charts.line: equally spaced epochs then get their ticks
        // at whole epochs, which is what this axis should show.
        XYSeries s = chart.addSeries(e.getKey(), x, y);
        s.setLineColor(Charts.color(i));
        s.setLineStyle(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(Charts.color(i));
      }
      i++;
    }
    return chart;
  }
}
