package org.minibatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.minibatch.tune.Metric;
import org.minibatch.tune.Outcome;
import org.minibatch.tune.SearchResult;
import org.minibatch.tune.SearchSpace;
import org.minibatch.tune.Trial;
import org.minibatch.tune.TrialResult;

class TuneChartsTest {
  private static final SearchSpace SPACE = SearchSpace.parse(
      "train.optimizer = sgd | adam\ntrain.optimizer.lr = 0.1 | 0.01 | 0.001\n", "s");

  private static SearchResult grid(double metricOfDiverged) {
    List<TrialResult> rows = new ArrayList<>();
    for (Map<String, String> point : SPACE.grid()) {
      Trial t = new Trial(rows.size() + 1, point);
      boolean diverged = t.id() == 1;
      rows.add(new TrialResult(t, 0, 3, new Outcome(diverged ? metricOfDiverged
          : 0.5 + 0.05 * t.id(), 3, 1, diverged ? Outcome.DIVERGED : Outcome.OK)));
    }
    return new SearchResult("grid", Metric.ACCURACY, rows,
        rows.get(rows.size() - 1), 6, 1, Double.NaN);
  }

  @Test
  void categoriesGetTheirNamesAndNumbersALogAxis() throws IOException {
    SearchResult search = grid(Double.NaN);
    Map<String, byte[]> charts = TuneCharts.draw(search, SPACE.params());
    assertEquals(List.of("metric_vs_train.optimizer.png", "metric_vs_train.optimizer.lr.png",
        "metric_vs_train.optimizer.lr_by_train.optimizer.png"), List.copyOf(charts.keySet()));
    for (byte[] png : charts.values()) {
      assertEquals(800, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }
    XYChart byOptimizer = TuneCharts.chart(search, SPACE.params().get(0));
    assertEquals("validation accuracy by train.optimizer (1 diverged, not shown)",
        byOptimizer.getTitle());
    assertTrue(TuneCharts.chart(search, SPACE.params().get(1)).getStyler()
        .isXAxisLogarithmic());
    XYChart curves = TuneCharts.byCategory(search, SPACE.params().get(1),
        SPACE.params().get(0));
    assertEquals(List.of("sgd", "adam"), List.copyOf(curves.getSeriesMap().keySet()));
    assertEquals(2, curves.getSeriesMap().get("sgd").getXData().length, "diverged left out");
  }

  @Test
  void lossesGetALogAxisAndAllDivergedStillDraws() throws IOException {
    List<TrialResult> rows = new ArrayList<>();
    List<TrialResult> diverged = new ArrayList<>();
    for (Map<String, String> point : SPACE.grid()) {
      Trial t = new Trial(rows.size() + 1, point);
      rows.add(new TrialResult(t, 0, 3, new Outcome(Math.pow(10, t.id() - 3), 3, 1,
          Outcome.OK)));
      diverged.add(new TrialResult(t, 0, 3, new Outcome(Double.NaN, 1, 1, Outcome.DIVERGED)));
    }
    SearchResult losses = new SearchResult("grid", Metric.LOSS, rows, rows.get(0), 6, 1,
        Double.NaN);
    assertTrue(TuneCharts.chart(losses, SPACE.params().get(1)).getStyler()
        .isYAxisLogarithmic());
    SearchResult none = new SearchResult("grid", Metric.LOSS, diverged, diverged.get(0), 6, 1,
        Double.NaN);
    for (byte[] png : TuneCharts.draw(none, SPACE.params()).values()) {
      assertEquals(800, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }
    assertEquals("validation loss by train.optimizer (6 diverged, not shown)",
        TuneCharts.chart(none, SPACE.params().get(0)).getTitle());
  }

  @Test
  void budgetsReadAsEpochs() {
    assertEquals("1 epoch", TuneCharts.budgetLabel(1));
    assertEquals("9 epochs", TuneCharts.budgetLabel(9));
    assertEquals("0.3333 epochs", TuneCharts.budgetLabel(1.0 / 3));
  }
  @Test
  void categoriesDrawWhateverOrderTheFinishedTrialsCameIn() throws IOException {
    // XChart 3.8.8 looped forever placing category ticks when the first finished trial's
    // category came after a later one's ([2, 1]) or repeated ([2, 2]); sgd (index 0) diverged
    String[][] orders = {{"adam", "momentum"}, {"adam", "adam"}, {"momentum", "sgd"},
        {"adam"}};
    for (String[] order : orders) {
      List<TrialResult> rows = new ArrayList<>();
      rows.add(new TrialResult(new Trial(1, Map.of("train.optimizer", "sgd",
          "train.optimizer.lr", "0.1")), 0, 3, new Outcome(Double.NaN, 1, 1, Outcome.DIVERGED)));
      for (String optimizer : order) {
        Map<String, String> point = new LinkedHashMap<>();
        point.put("train.optimizer", optimizer);
        point.put("train.optimizer.lr", "0.01");
        rows.add(new TrialResult(new Trial(rows.size() + 1, point), 0, 3,
            new Outcome(0.6 + 0.1 * rows.size(), 3, 1, Outcome.OK)));
      }
      SearchResult search = new SearchResult("random", Metric.ACCURACY, rows, rows.get(1), 6, 1,
          Double.NaN);
      SearchSpace space = SearchSpace.parse(
          "train.optimizer = sgd | momentum | adam\ntrain.optimizer.lr = 0.1 | 0.01\n", "s");
      byte[] png = assertTimeoutPreemptively(Duration.ofSeconds(20),
          () -> Charts.pngBytes(TuneCharts.chart(search, space.params().get(0))),
          String.join(",", order));
      assertEquals(800, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
      XYChart chart = TuneCharts.chart(search, space.params().get(0));
      assertEquals(List.of(" ", "3 epochs"), List.copyOf(chart.getSeriesMap().keySet()));
      assertEquals(List.of(0.0, 1.0, 2.0), java.util.Arrays.stream(chart.getSeriesMap()
          .get(" ").getXData()).boxed().toList(), "a tick at every category");
    }
  }
  /** A search whose trials of 4 epochs each reached these accuracies, in order. */
  private static SearchResult search(String strategy, double... accuracies) {
    List<TrialResult> rows = new ArrayList<>();
    for (double accuracy : accuracies) {
      Trial t = new Trial(rows.size() + 1, Map.of("train.optimizer", "adam"));
      rows.add(new TrialResult(t, 0, 4, new Outcome(accuracy, 4, 1, Outcome.OK)));
    }
    return new SearchResult(strategy, Metric.ACCURACY, rows, rows.get(0), 1, 1, Double.NaN);
  }

  @Test
  void bestSoFarStartsItsAxisBelowTheQuarterBudgetValuesNotTheFirstTrials() {
    // 8 trials, 32 epochs each: at 8 epochs (a quarter) a has 0.85 and b 0.84
    SearchResult a = search("a", 0.36, 0.85, 0.86, 0.86, 0.87, 0.87, 0.88, 0.88);
    SearchResult b = search("b", 0.5, 0.84, 0.84, 0.86, 0.86, 0.86, 0.86, 0.86);
    assertEquals(0.84 - 0.004, TuneCharts.axisFloor(List.of(a, b)), 1e-12);
    XYChart chart = TuneCharts.bestSoFar(List.of(a, b), 32);
    assertEquals(0.836, chart.getStyler().getYAxisMin(), 1e-12);
    // losses, and searches whose values do not improve, keep XChart's own axis
    assertEquals(Double.NEGATIVE_INFINITY,
        TuneCharts.axisFloor(List.of(search("flat", 0.5, 0.5, 0.5, 0.5))), 0);
  }
}
