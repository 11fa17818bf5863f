package org.minibatch.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minibatch.report.Charts;
import org.minibatch.report.TuneCharts;
import org.minibatch.tune.SearchResult;
import org.minibatch.tune.TrialResult;

/**
 * Several strategies over the same space, data and epoch budget, side by side:
 * {@code strategies.csv} (the best validation metric each found, the test metric of that
 * trial's weights, trials, epochs and seconds) and {@code best_so_far.png} (the best validation
 * metric against epochs spent, a line per strategy).
 */
public final class TuneComparison {
  private final List<TuneReport> reports;
  private final Double budgetEpochs;

  public TuneComparison(List<TuneReport> reports, Double budgetEpochs) {
    this.reports = List.copyOf(reports);
    this.budgetEpochs = budgetEpochs;
  }

  void write(RunDirectory out) throws IOException {
    out.writeText("strategies.csv", csv());
    List<SearchResult> results = reports.stream().map(TuneReport::result).toList();
    out.writeBytes("best_so_far.png", Charts.pngBytes(TuneCharts.bestSoFar(results,
        budgetEpochs == null ? Double.NaN : budgetEpochs)));
  }

  /** strategy, trials, best validation metric, its test metric, epochs, seconds, best trial. */
  String csv() {
    SearchResult first = reports.get(0).result();
    StringBuilder csv = new StringBuilder(String.join(",", List.of("strategy", "trials",
        first.metric().name(), reports.get(0).testMetricName(), "epochs", "seconds",
        "best_trial"))).append('\n');
    for (TuneReport report : reports) {
      SearchResult r = report.result();
      TrialResult best = r.best();
      csv.append(String.join(",", List.of(r.strategy(), String.valueOf(r.trials()),
          number(best.outcome().metric()), number(report.testMetric()),
          TuneReport.epochs(r.totalEpochs()), String.format(Locale.ROOT, "%.1f", r.seconds()),
          "\"" + best.trial().describe().replace("\"", "\"\"") + "\""))).append('\n');
    }
    return csv.toString();
  }

  /** The table printed at the end: a line per strategy. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    SearchResult first = reports.get(0).result();
    lines.add(String.format(Locale.ROOT, "%-10s %6s %10s %10s %8s %8s", "strategy", "trials",
        shortName(first.metric().name()), shortName(reports.get(0).testMetricName()), "epochs",
        "seconds"));
    for (TuneReport report : reports) {
      SearchResult r = report.result();
      lines.add(String.format(Locale.ROOT, "%-10s %6d %10s %10s %8s %8.1f", r.strategy(),
          r.trials(), number(r.best().outcome().metric()), number(report.testMetric()),
          TuneReport.epochs(r.totalEpochs()), r.seconds()));
    }
    String dir = reports.get(0).location();
    lines.add("written: " + dir.substring(0, Math.max(0, dir.lastIndexOf('/')))
        + "/{strategies.csv,best_so_far.png,STRATEGY/}");
    return lines;
  }

  private static String shortName(String metric) {
    return metric.replace("validation_", "val_");
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
  }
}
