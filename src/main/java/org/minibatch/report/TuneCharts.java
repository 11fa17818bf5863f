package org.minibatch.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.minibatch.tune.Param;
import org.minibatch.tune.SearchResult;
import org.minibatch.tune.TrialResult;
import org.minibatch.util.Specs;

/**
 * The pictures of a search: the validation metric of every trial against each searched
 * parameter, as points, one colour per budget (successive halving's rounds show how the ranking
 * sharpens as the budget grows). Numbers get a number axis, logarithmic for log-uniform ranges and
 * for lists spanning a factor of 20 or more; other values (optimizer names, layer sizes) are
 * categories, placed at 0, 1, 2, ... with their names as tick labels.
 */
public final class TuneCharts {
  private static final int WIDTH = 800;
  private static final int HEIGHT = 480;
  /** A marker shape per budget, so points of different budgets at one category stay apart. */
  private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {
      SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
      SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

  private TuneCharts() {}

  /**
   * One chart per parameter, PNG bytes by file name ({@code metric_vs_KEY.png}); and when every
   * trial ran the same budget (grid, random), one per pair of a number and a category, with a
   * line per category ({@code metric_vs_NUMBER_by_CATEGORY.png}: learning rate curves per
   * optimizer).
   */
  public static Map<String, byte[]> draw(SearchResult search, List<Param> params) {
    Map<String, byte[]> charts = new LinkedHashMap<>();
    for (Param p : params) {
      charts.put("metric_vs_" + p.key() + ".png", Charts.pngBytes(chart(search, p)));
    }
    boolean oneBudget = search.results().stream().mapToDouble(TrialResult::budget).distinct()
        .count() == 1;
    for (Param number : params) {
      for (Param category : params) {
        if (oneBudget && number.numeric() && !category.numeric()) {
          charts.put("metric_vs_" + number.key() + "_by_" + category.key() + ".png",
              Charts.pngBytes(byCategory(search, number, category)));
        }
      }
    }
    return charts;
  }

  /** The metric against {@code number}, a line per value of {@code category}. */
  public static XYChart byCategory(SearchResult search, Param number, Param category) {
    String metric = search.metric().name().replace('_', ' ');
    XYChart chart = Charts.lineChart(metric + " by " + number.key() + " and "
        + category.key(), number.key(), metric, WIDTH, HEIGHT);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisLogarithmic(number.logScale());
    chart.getStyler().setYAxisLogarithmic(logMetric(search));
    int series = 0;
    for (String value : categories(search, category)) {
      TreeMap<Double, Double> points = new TreeMap<>();
      for (TrialResult r : search.results()) {
        if (value.equals(r.trial().values().get(category.key()))
            && !Double.isNaN(r.outcome().metric())) {
          points.put(Double.parseDouble(r.trial().values().get(number.key())),
              r.outcome().metric());
        }
      }
      if (!points.isEmpty()) {
        XYSeries s = chart.addSeries(value, points.keySet().stream().mapToDouble(d -> d)
            .toArray(), points.values().stream().mapToDouble(d -> d).toArray());
        // lines join the values of a list; sampled values are only points
        s.setXYSeriesRenderStyle(number.finite() ? XYSeries.XYSeriesRenderStyle.Line
            : XYSeries.XYSeriesRenderStyle.Scatter);
        s.setLineColor(Charts.color(series));
        s.setMarker(MARKERS[series % MARKERS.length]);
        s.setMarkerColor(Charts.color(series));
      }
      series++;
    }
    if (chart.getSeriesMap().isEmpty()) {
      chart.getStyler().setXAxisLogarithmic(false);
      chart.addSeries("no finished trials", new double[] {0}, new double[] {0})
          .setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /** The metric of every finished trial and budget against {@code param}. */
  public static XYChart chart(SearchResult search, Param param) {
    String metric = search.metric().name().replace('_', ' ');
    long diverged = search.results().stream().filter(r -> Double.isNaN(r.outcome().metric()))
        .count();
    String title = metric + " by " + param.key()
        + (diverged > 0 ? " (" + diverged + " diverged, not shown)" : "");
    XYChart chart = Charts.lineChart(title, param.key(), metric, WIDTH, HEIGHT);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    boolean numeric = param.numeric();
    List<String> categories = numeric ? List.of() : categories(search, param);
    TreeMap<Double, List<TrialResult>> byBudget = new TreeMap<>();
    for (TrialResult r : search.results()) {
      if (!Double.isNaN(r.outcome().metric())) {
        byBudget.computeIfAbsent(r.budget(), b -> new ArrayList<>()).add(r);
      }
    }
    if (byBudget.isEmpty()) {
      // nothing finished: an empty chart on plain axes still says so in its title
      chart.addSeries("no finished trials", new double[] {0}, new double[] {0})
          .setMarker(SeriesMarkers.NONE);
      return chart;
    }
    if (!numeric) {
      categoryTicks(chart, categories, byBudget.firstEntry().getValue().get(0).outcome()
          .metric());
    }
    int series = 0;
    for (Map.Entry<Double, List<TrialResult>> e : byBudget.entrySet()) {
      double[] x = new double[e.getValue().size()];
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        TrialResult r = e.getValue().get(i);
        String value = r.trial().values().get(param.key());
        x[i] = numeric ? Double.parseDouble(value) : categories.indexOf(value);
        y[i] = r.outcome().metric();
      }
      XYSeries s = chart.addSeries(budgetLabel(e.getKey()), x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(MARKERS[series % MARKERS.length]);
      s.setMarkerColor(Charts.color(series));
      series++;
    }
    chart.getStyler().setYAxisLogarithmic(logMetric(search));
    chart.getStyler().setXAxisLogarithmic(numeric && param.logScale());
    return chart;
  }

  /**
   * Category names as x tick labels at 0, 1, 2, .... XChart puts the ticks of equally spaced x
   * values exactly at those values, taking the values in the order the series list them: an
   * invisible series at every index, added before the data, makes that order 0, 1, 2, ...
   * whatever the data (a data series first, with x falling or repeated, such as [2, 1], sent
   * XChart 3.8.8's tick placement into an endless loop). A smaller content area keeps the outer
   * categories' points off the plot's border.
   */
  private static void categoryTicks(XYChart chart, List<String> categories, double level) {
    double[] at = new double[categories.size()];
    double[] levels = new double[at.length];
    for (int i = 0; i < at.length; i++) {
      at[i] = i;
      levels[i] = level;
    }
    chart.getStyler().setPlotContentSize(0.8);
    XYSeries ticks = chart.addSeries(" ", at, levels);
    ticks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    ticks.setMarker(SeriesMarkers.NONE);
    ticks.setShowInLegend(false);
    chart.setCustomXAxisTickLabelsFormatter(x -> {
      long i = Math.round(x);
      return Math.abs(x - i) < 1e-6 && i >= 0 && i < categories.size()
          ? categories.get((int) i) : "";
    });
  }

  /**
   * The best validation metric found against the epochs spent, a step line per search (the
   * strategies of one comparison), with the epoch budget as a vertical line when there is one.
   */
  public static XYChart bestSoFar(List<SearchResult> searches, double budgetEpochs) {
    String metric = searches.get(0).metric().name().replace('_', ' ');
    XYChart chart = Charts.lineChart("best " + metric + " so far", "epochs spent (all trials)",
        "best " + metric, WIDTH, HEIGHT);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    int series = 0;
    for (SearchResult search : searches) {
      List<double[]> steps = new ArrayList<>();
      for (double[] point : search.bestSoFar()) {
        if (Double.isNaN(point[1])) {
          continue;
        }
        if (!steps.isEmpty()) {
          steps.add(new double[] {point[0], steps.get(steps.size() - 1)[1]});
        }
        steps.add(point);
        low = Math.min(low, point[1]);
        high = Math.max(high, point[1]);
      }
      if (steps.isEmpty()) {
        series++;
        continue;
      }
      double[] x = steps.stream().mapToDouble(p -> p[0]).toArray();
      double[] y = steps.stream().mapToDouble(p -> p[1]).toArray();
      XYSeries s = chart.addSeries(search.strategy(), x, y);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(Charts.color(series));
      s.setLineStyle(new java.awt.BasicStroke(2f));
      series++;
    }
    if (chart.getSeriesMap().isEmpty()) {
      chart.addSeries("no finished trials", new double[] {0}, new double[] {0})
          .setMarker(SeriesMarkers.NONE);
      return chart;
    }
    double floor = axisFloor(searches);
    if (floor > low) {
      // the first trials' values would squash the differences that matter into a sliver
      chart.getStyler().setYAxisMin(floor);
      low = floor;
    }
    if (Double.isFinite(budgetEpochs)) {
      XYSeries budget = chart.addSeries("budget", new double[] {budgetEpochs, budgetEpochs},
          new double[] {low, high});
      budget.setMarker(SeriesMarkers.NONE);
      budget.setLineColor(java.awt.Color.GRAY);
      budget.setLineStyle(new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT,
          java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    return chart;
  }

  /**
   * Where the best-so-far axis starts: below the worst of the searches' best values once each
   * has spent a quarter of its epochs (its first trials' values, from random starting points,
   * are left below the axis), with a tenth of the range shown under it.
   */
  static double axisFloor(List<SearchResult> searches) {
    double worst = Double.POSITIVE_INFINITY;
    double best = Double.NEGATIVE_INFINITY;
    boolean higherIsBetter = searches.get(0).metric().higherIsBetter();
    for (SearchResult search : searches) {
      double[][] points = search.bestSoFar();
      double spent = points.length == 0 ? 0 : points[points.length - 1][0];
      double atQuarter = Double.NaN;
      for (double[] point : points) {
        if (!Double.isNaN(point[1])) {
          best = Math.max(best, point[1]);
          if (Double.isNaN(atQuarter) || point[0] <= spent / 4) {
            atQuarter = point[1];
          }
        }
      }
      if (!Double.isNaN(atQuarter)) {
        worst = Math.min(worst, atQuarter);
      }
    }
    if (!higherIsBetter || !Double.isFinite(worst) || !(best > worst)) {
      return Double.NEGATIVE_INFINITY;
    }
    return worst - (best - worst) / 10;
  }

  /**
   * Losses get a log axis: a search's losses span decades (a good rate against a useless one),
   * accuracies stay in [0, 1].
   */
  private static boolean logMetric(SearchResult search) {
    double[] values = search.results().stream().mapToDouble(r -> r.outcome().metric())
        .filter(v -> !Double.isNaN(v)).toArray();
    // with nothing finished the chart holds a placeholder at 0, which a log axis cannot show
    return !search.metric().higherIsBetter() && values.length > 0
        && java.util.Arrays.stream(values).allMatch(v -> v > 0);
  }

  /** "3 epochs", "1 epoch", "0.3333 epochs". */
  public static String budgetLabel(double epochs) {
    String n = epochs == Math.rint(epochs) ? Specs.formatNumber(epochs)
        : String.format(java.util.Locale.ROOT, "%.4g", epochs);
    return n + (epochs == 1 ? " epoch" : " epochs");
  }

  /** The parameter's values in the space's order (sampled ones in order of appearance). */
  private static List<String> categories(SearchResult search, Param param) {
    List<String> values = new ArrayList<>(param.values());
    for (TrialResult r : search.results()) {
      String v = r.trial().values().get(param.key());
      if (!values.contains(v)) {
        values.add(v);
      }
    }
    return values;
  }
}
