package org.minibatch.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The house style for charts written as PNG (trajectories, schedules, and the loss curves of
 * training runs): XChart line charts, white background, a colour-blind-safe palette.
 */
public final class Charts {
  static {
    // Charts are drawn into images on servers without a display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Tableau 10, the matplotlib default cycle, so paths look as in the usual pictures. */
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
      new Color(0xbcbd22), new Color(0x7f7f7f)};

  private Charts() {}

  /** Colour number {@code i} of the series palette (cycling). */
  public static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** An empty line chart in the house style. */
  public static XYChart lineChart(String title, String xTitle, String yTitle, int width,
      int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(Color.GRAY);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setAntiAlias(true);
    chart.getStyler().setPlotGridLinesColor(new Color(0xe5e5e5));
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    return chart;
  }

  /** Adds a plain line (no markers) in the given colour and width. */
  public static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color,
      float width) {
    if (equallySpaced(x)) {
      // XChart labels equally spaced x data (steps 1, 2, 3, ...) only at data points, and its
      // labels then overlap. A point halfway along the first segment, on the straight line
      // drawn there anyway, breaks the even spacing and brings back the usual round ticks.
      double[] xs = new double[x.length + 1];
      double[] ys = new double[y.length + 1];
      xs[0] = x[0];
      ys[0] = y[0];
      xs[1] = (x[0] + x[1]) / 2;
      ys[1] = (y[0] + y[1]) / 2;
      System.arraycopy(x, 1, xs, 2, x.length - 1);
      System.arraycopy(y, 1, ys, 2, y.length - 1);
      x = xs;
      y = ys;
    }
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setLineColor(color);
    series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    return series;
  }

  private static boolean equallySpaced(double[] x) {
    if (x.length < 3) {
      return false;
    }
    double step = x[1] - x[0];
    for (int i = 2; i < x.length; i++) {
      if (Math.abs(x[i] - x[i - 1] - step) >= 1e-4) {
        return false;
      }
    }
    return true;
  }

  /** The chart as PNG bytes (for files on Hadoop paths and for embedding in HTML). */
  public static byte[] pngBytes(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes the chart as a PNG at exactly {@code file}, creating parent directories. */
  public static void savePng(XYChart chart, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
