package org.minibatch.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.minibatch.report.TuneCharts;
import org.minibatch.tune.SearchResult;
import org.minibatch.tune.SearchSpace;
import org.minibatch.tune.TrialResult;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * What a search leaves behind: {@code trials.csv} (one row per trial and budget),
 * {@code best.properties} (the base config with the best trial's values, for
 * {@code train --conf}) and the summary printed at the end.
 */
public final class TuneReport {
  private final SearchResult result;
  private final TrialSettings trials;
  private final SearchSpace space;
  private final int cachedRdds;
  private final double dataSeconds;
  private final String location;
  private final int eta;
  private final double testMetric;

  /**
   * @param eta halving's or Hyperband's eta, 0 for the other strategies
   * @param testMetric the best row's weights on the test set (accuracy, or loss for
   *     regression), NaN without test data
   */
  TuneReport(SearchResult result, TrialSettings trials, SearchSpace space, int cachedRdds,
      double dataSeconds, String location, int eta, double testMetric) {
    this.result = result;
    this.trials = trials;
    this.space = space;
    this.cachedRdds = cachedRdds;
    this.dataSeconds = dataSeconds;
    this.location = location;
    this.eta = eta;
    this.testMetric = testMetric;
  }

  public SearchResult result() {
    return result;
  }

  /** The best row's weights on the test set (accuracy, or loss for regression), or NaN. */
  public double testMetric() {
    return testMetric;
  }

  /** "test_accuracy" or "test_loss". */
  public String testMetricName() {
    return result.metric().name().replace("validation_", "test_");
  }

  /** The base settings with the best trial's values. */
  public Settings best() {
    return trials.apply(result.best().trial()).with(Key.RUN_DIR, "");
  }

  /** Cached RDDs seen while trials ran (1: all trials share the training blocks). */
  public int cachedRdds() {
    return cachedRdds;
  }

  /** Where the files went. */
  public String location() {
    return location;
  }

  void write(RunDirectory out) throws IOException {
    out.writeText("trials.csv", csv());
    TrialResult best = result.best();
    out.writeText("best.properties", "# best of minibatch tune --strategy "
        + result.strategy() + " over " + space.source() + ": trial " + best.trial().id() + ", "
        + String.format(Locale.ROOT, "%s %.4f after %s", result.metric().name(),
            best.outcome().metric(), TuneCharts.budgetLabel(best.budget()))
        + "\n# searched: " + best.trial().describe() + "\n" + best().toProperties());
  }

  /**
   * trial, bracket, rung, budget, one column per searched key, status, metric, epochs,
   * seconds.
   */
  String csv() {
    List<String> header = new ArrayList<>(List.of("trial", "bracket", "rung", "budget_epochs"));
    header.addAll(space.keys());
    header.addAll(List.of("status", result.metric().name(), "epochs_trained", "seconds"));
    StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
    for (TrialResult r : result.results()) {
      List<String> row = new ArrayList<>(List.of(String.valueOf(r.trial().id()),
          String.valueOf(r.bracket()), String.valueOf(r.rung()), epochs(r.budget())));
      for (String key : space.keys()) {
        row.add(field(r.trial().values().get(key)));
      }
      row.add(r.outcome().status());
      row.add(Double.isNaN(r.outcome().metric()) ? ""
          : String.format(Locale.ROOT, "%.6f", r.outcome().metric()));
      row.add(epochs(r.outcome().epochs()));
      row.add(String.format(Locale.ROOT, "%.2f", r.outcome().seconds()));
      csv.append(String.join(",", row)).append('\n');
    }
    return csv.toString();
  }

  /**
   * The summary: best trial and config, its test metric, Hyperband's brackets, epochs used,
   * time, Spark storage.
   */
  public List<String> lines() {
    TrialResult best = result.best();
    Settings s = best();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "best: trial %d, %s %.4f after %s%s",
        best.trial().id(), result.metric().name(), best.outcome().metric(),
        TuneCharts.budgetLabel(best.budget()), Double.isNaN(testMetric) ? ""
            : String.format(Locale.ROOT, "; %s %.4f", testMetricName(), testMetric)));
    for (String key : space.keys()) {
      Key k = key.startsWith(TrialSettings.OPTIMIZER_ARG) ? Key.TRAIN_OPTIMIZER
          : key.equals(TrialSettings.LAYERS) || key.equals(TrialSettings.WIDTH)
              ? Key.MODEL_HIDDEN : Key.byName(key);
      String line = "  " + k.key() + "=" + s.get(k);
      if (!lines.contains(line)) {
        lines.add(line);
      }
    }
    if ("hyperband".equals(result.strategy())) {
      lines.addAll(brackets());
    }
    String strategy = result.strategy() + (eta > 0 ? " (eta " + eta + ")" : "");
    long diverged = result.results().stream().filter(r -> !r.outcome().ok()).count();
    double fullEpochs = result.trials()
        * (double) trials.base().getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1));
    lines.add(String.format(Locale.ROOT, "search: %s, %d trials%s, %s epochs in all%s; %.1f s"
            + " with %d trial(s) at a time, %.1f s reading the data", strategy,
        result.trials(), diverged > 0 ? " (" + diverged + " diverged)" : "",
        epochs(result.totalEpochs()), eta == 0 ? "" : " (" + epochs(fullEpochs)
            + " for every trial at the full " + TuneCharts.budgetLabel(fullEpochs
            / result.trials()) + ")", result.seconds(), result.parallel(), dataSeconds));
    lines.add("Spark storage while trials ran: " + cachedRdds + " cached RDD(s)");
    lines.add("written: " + location + "/{trials.csv,best.properties,metric_vs_*.png}");
    return lines;
  }

  /** Hyperband's brackets as they ran: trials, epochs, the best metric in each. */
  private List<String> brackets() {
    Map<Integer, List<TrialResult>> byBracket = new TreeMap<>();
    for (TrialResult r : result.results()) {
      byBracket.computeIfAbsent(r.bracket(), b -> new ArrayList<>()).add(r);
    }
    List<String> lines = new ArrayList<>();
    for (Map.Entry<Integer, List<TrialResult>> e : byBracket.entrySet()) {
      List<TrialResult> complete = e.getValue().stream().filter(result::complete).toList();
      SearchResult part = new SearchResult(result.strategy(), result.metric(), e.getValue(),
          (complete.isEmpty() ? e.getValue() : complete).stream()
              .min(result.metric().ranking()).orElseThrow(), 0, 1, result.fullBudget());
      long rounds = e.getValue().stream().mapToInt(TrialResult::rung).distinct().count();
      lines.add(String.format(Locale.ROOT, "  bracket %d: %d trials, %d round(s), %s epochs,"
              + " best %s %.4f (trial %d)", e.getKey(), part.trials(), rounds,
          epochs(part.totalEpochs()), result.metric().name(), part.best().outcome().metric(),
          part.best().trial().id()));
    }
    return lines;
  }

  /** An epoch count: whole numbers as such, else 4 significant digits. */
  static String epochs(double value) {
    return value == Math.rint(value) ? Specs.formatNumber(value)
        : String.format(Locale.ROOT, "%.4g", value);
  }

  private static String field(String text) {
    if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
