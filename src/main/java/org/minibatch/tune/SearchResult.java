package org.minibatch.tune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a search: every row (trial and budget) in the order they ran, the best row, the
 * epochs all trials trained in all, and the wall-clock time. The best row is the best of the
 * complete rows, those trained to the search's full budget (for halving and Hyperband the last
 * round of a bracket, for the other strategies every row), so that {@code best.properties}
 * trains what was measured; only when the epoch budget ended the search before any row was
 * complete is it the best of all rows.
 */
public record SearchResult(String strategy, Metric metric, List<TrialResult> results,
    TrialResult best, double seconds, int parallel, double fullBudget) {

  public SearchResult {
    results = List.copyOf(results);
  }

  /**
   * Ranks the rows and builds the result; a search that ran nothing is an error.
   *
   * @param fullBudget the budget of a complete row, or NaN when every row is complete
   */
  static SearchResult of(String strategy, Metric metric, List<TrialResult> all, double seconds,
      int parallel, double fullBudget) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("the " + strategy + " search ran no trial: the"
          + " epoch budget (--budget-epochs) is smaller than one trial's epochs");
    }
    List<TrialResult> complete = all.stream().filter(r -> complete(r, fullBudget)).toList();
    TrialResult best = (complete.isEmpty() ? all : complete).stream().min(metric.ranking())
        .orElseThrow();
    return new SearchResult(strategy, metric, all, best, seconds, parallel, fullBudget);
  }

  /** Whether the row trained the search's full budget (see the class comment). */
  public boolean complete(TrialResult row) {
    return complete(row, fullBudget);
  }

  private static boolean complete(TrialResult row, double fullBudget) {
    return Double.isNaN(fullBudget) || row.budget() >= fullBudget * (1 - 1e-9);
  }

  /**
   * The best metric after each row, against the epochs all trials had trained by then: the
   * curve by which strategies compare at equal cost. Element i is {epochs, best metric} after
   * row i, counting the rows of {@link #best}'s kind (complete ones, when it is complete); NaN
   * until such a row has a number.
   */
  public double[][] bestSoFar() {
    double[][] curve = new double[results.size()][];
    Map<Integer, Double> trained = new LinkedHashMap<>();
    double spent = 0;
    TrialResult best = null;
    for (int i = 0; i < results.size(); i++) {
      TrialResult r = results.get(i);
      double before = trained.getOrDefault(r.trial().id(), 0.0);
      spent += Math.max(0, r.outcome().epochs() - before);
      trained.put(r.trial().id(), Math.max(before, r.outcome().epochs()));
      if ((complete(r) || !complete(this.best)) && !Double.isNaN(r.outcome().metric())
          && (best == null || metric.ranking().compare(r, best) < 0)) {
        best = r;
      }
      curve[i] = new double[] {spent, best == null ? Double.NaN : best.outcome().metric()};
    }
    return curve;
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
