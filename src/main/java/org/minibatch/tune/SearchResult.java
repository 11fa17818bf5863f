package org.minibatch.tune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a search: every row (trial and budget), the best trial of the last round, the
 * epochs all trials trained in all, and the wall-clock time.
 */
public record SearchResult(String strategy, Metric metric, List<TrialResult> results,
    TrialResult best, double seconds, int parallel) {

  public SearchResult {
    results = List.copyOf(results);
  }

  /** Ranks the last round's results and builds the result. */
  static SearchResult of(String strategy, Metric metric, List<TrialResult> all,
      List<TrialResult> lastRound, double seconds, int parallel) {
    TrialResult best = lastRound.stream().min(metric.ranking()).orElseThrow();
    return new SearchResult(strategy, metric, all, best, seconds, parallel);
  }

  /**
   * Epochs trained by all trials together: for each trial, the epochs of its last row (a
   * promoted trial continues, so its earlier budgets are part of that count).
   */
  public double totalEpochs() {
    Map<Integer, Double> last = new LinkedHashMap<>();
    for (TrialResult r : results) {
      last.merge(r.trial().id(), r.outcome().epochs(), Math::max);
    }
    return last.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Distinct trials. */
  public int trials() {
    return (int) results.stream().mapToInt(r -> r.trial().id()).distinct().count();
  }
}
