package org.minibatch.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/** A confusion matrix as a PNG heat map: rows are true labels, columns predictions. */
public final class ConfusionMatrixChart {
  private ConfusionMatrixChart() {}

  public static byte[] png(long[][] counts) {
    int k = counts.length;
    HeatMapChart chart = new HeatMapChartBuilder().width(120 + 48 * k).height(100 + 40 * k)
        .title("Confusion matrix").xAxisTitle("predicted class").yAxisTitle("true class")
        .build();
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setShowValue(true);
    chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x9ecae1),
        new Color(0x08519c)});
    List<Integer> classes = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      classes.add(c);
    }
    List<Number[]> cells = new ArrayList<>();
    for (int label = 0; label < k; label++) {
      for (int predicted = 0; predicted < k; predicted++) {
        cells.add(new Number[] {predicted, label, counts[label][predicted]});
      }
    }
    chart.addSeries("counts", classes, classes, cells);
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
