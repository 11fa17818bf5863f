package org.minibatch.report;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.minibatch.optim.functions.TestFunction;
import org.minibatch.optim.functions.Trajectory;

/**
 * Optimizer paths over the contour plot of a 2-D test function, as in the lectures' pictures:
 * contour lines at log-spaced levels coloured from dark (low) to light (high), one colour per
 * path with its end point marked, the common start and the minima in black, and a legend.
 */
public final class TrajectoryPlot {
  static final int GRID = 241;
  static final int LEVELS = 18;

  private TrajectoryPlot() {}

  /** The chart for {@code paths} on {@code f}; window {xmin, xmax, ymin, ymax} or null. */
  public static XYChart draw(TestFunction f, List<Trajectory> paths, double[] window) {
    double[] w = window != null ? window : window(f, paths);
    XYChart chart = Charts.lineChart(f.key() + ":  f(x, y) = " + f.formula(), "x", "y", 900, 820);
    chart.getStyler().setXAxisMin(w[0]).setXAxisMax(w[1]).setYAxisMin(w[2]).setYAxisMax(w[3]);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setPlotGridLinesVisible(false);
    chart.getStyler().setPlotContentSize(1.0);
    addContours(chart, f, w);
    Set<String> names = new HashSet<>();
    for (int p = 0; p < paths.size(); p++) {
      Trajectory path = paths.get(p);
      Color color = Charts.color(p);
      String name = unique(names, path.label() + (path.diverged() ? "  (diverged)" : ""));
      // Earlier paths are drawn wider, so one that a later path retraces still shows at its
      // edges (sgd and nesterov share their first steps on the ravine, for instance).
      float width = paths.size() == 1 ? 2.2f : 3.6f - 1.8f * p / (paths.size() - 1);
      Charts.line(chart, name, path.x(), path.y(), color, width);
      int last = path.steps();
      XYSeries end = points(chart, name + " end", new double[] {path.x()[last]},
          new double[] {path.y()[last]}, SeriesMarkers.CIRCLE, color);
      end.setShowInLegend(false);
    }
    if (!paths.isEmpty()) {
      Trajectory first = paths.get(0);
      points(chart, "start", new double[] {first.x()[0]}, new double[] {first.y()[0]},
          SeriesMarkers.SQUARE, Color.BLACK);
    }
    double[][] minima = f.minima();
    if (minima.length > 0) {
      double[] mx = new double[minima.length];
      double[] my = new double[minima.length];
      for (int i = 0; i < minima.length; i++) {
        mx[i] = minima[i][0];
        my[i] = minima[i][1];
      }
      points(chart, minima.length == 1 ? "minimum" : "minima", mx, my, SeriesMarkers.DIAMOND,
          Color.BLACK);
    }
    return chart;
  }

  /**
   * The function's own window, widened to show the paths, but at most by the window's size on
   * each side so that a diverging path does not shrink the picture to nothing; 3% margin.
   */
  public static double[] window(TestFunction f, List<Trajectory> paths) {
    double[] w = f.window();
    double[] limit = {w[0] - (w[1] - w[0]), w[1] + (w[1] - w[0]),
        w[2] - (w[3] - w[2]), w[3] + (w[3] - w[2])};
    for (Trajectory path : paths) {
      for (int k = 0; k <= path.steps(); k++) {
        double x = Math.max(limit[0], Math.min(limit[1], path.x()[k]));
        double y = Math.max(limit[2], Math.min(limit[3], path.y()[k]));
        w[0] = Math.min(w[0], x);
        w[1] = Math.max(w[1], x);
        w[2] = Math.min(w[2], y);
        w[3] = Math.max(w[3], y);
      }
    }
    double padX = 0.03 * (w[1] - w[0]);
    double padY = 0.03 * (w[3] - w[2]);
    return new double[] {w[0] - padX, w[1] + padX, w[2] - padY, w[3] + padY};
  }

  private static void addContours(XYChart chart, TestFunction f, double[] w) {
    double[] xs = new double[GRID];
    double[] ys = new double[GRID];
    for (int i = 0; i < GRID; i++) {
      xs[i] = w[0] + (w[1] - w[0]) * i / (GRID - 1);
      ys[i] = w[2] + (w[3] - w[2]) * i / (GRID - 1);
    }
    double[][] z = new double[GRID][GRID];
    for (int j = 0; j < GRID; j++) {
      for (int i = 0; i < GRID; i++) {
        z[j][i] = f.value(xs[i], ys[j]);
      }
    }
    double[] levels = Contours.levels(z, LEVELS);
    for (int k = 0; k < levels.length; k++) {
      Contours.Line line = Contours.line(xs, ys, z, levels[k]);
      if (line.x().length == 0) {
        continue;
      }
      Color color = colormap(levels.length == 1 ? 0 : (double) k / (levels.length - 1));
      XYSeries series = Charts.line(chart, "level " + k, line.x(), line.y(), color, 1.0f);
      series.setShowInLegend(false);
    }
  }

  /** Viridis from dark purple to green, stopping short of its yellow, which fades on white. */
  static Color colormap(double u) {
    int[][] anchors = {{0x44, 0x01, 0x54}, {0x3b, 0x52, 0x8b}, {0x21, 0x91, 0x8c},
        {0x5e, 0xc9, 0x62}, {0xb5, 0xde, 0x2b}};
    double pos = Math.max(0, Math.min(1, u)) * (anchors.length - 1);
    int a = Math.min((int) pos, anchors.length - 2);
    double frac = pos - a;
    int[] rgb = new int[3];
    for (int c = 0; c < 3; c++) {
      rgb[c] = (int) Math.round(anchors[a][c] + frac * (anchors[a + 1][c] - anchors[a][c]));
    }
    return new Color(rgb[0], rgb[1], rgb[2], 150);
  }

  private static XYSeries points(XYChart chart, String name, double[] x, double[] y,
      Marker marker, Color color) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    series.setMarker(marker);
    series.setMarkerColor(color);
    return series;
  }

  /** XChart needs distinct series names; repeated optimizers get #2, #3, ... */
  private static String unique(Set<String> names, String name) {
    String candidate = name;
    for (int n = 2; !names.add(candidate); n++) {
      candidate = name + " #" + n;
    }
    return candidate;
  }
}
