package org.minibatch.tune;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Grid search and random search: every trial is one full training run (its config's own
 * epoch count), and the best validation metric wins. Random search samples the space instead of
 * enumerating it, which covers each important parameter with more distinct values for the same
 * number of trials (Bergstra and Bengio 2012).
 *
 * <p>Under an epoch budget the trials run {@code parallel} at a time, in order, until the next
 * one would go past the budget (so grid search covers only the start of its grid, and random
 * search may draw without end: {@link SearchSpace#sampler}).
 */
public final class FullSearch {
  private FullSearch() {}

  /**
   * @param budget the epochs of a trial's full run (its {@code train.max_epochs})
   */
  public static SearchResult run(String strategy, List<Trial> trials,
      ToDoubleFunction<Trial> budget, TrialRunner runner, Metric metric) {
    if (trials.isEmpty()) {
      throw new IllegalArgumentException("no trials to run");
    }
    return run(strategy, trials.iterator(), trials.size(), budget, runner, metric);
  }

  /**
   * As above, for trials drawn one by one; {@code count} is how many there are, or -1 when the
   * epoch budget alone ends the search.
   */
  public static SearchResult run(String strategy, Iterator<Trial> trials, int count,
      ToDoubleFunction<Trial> budget, TrialRunner runner, Metric metric) {
    if (count < 0 && !runner.budgeted()) {
      throw new IllegalArgumentException("--strategy " + strategy + " needs --trials N or"
          + " --budget-epochs E");
    }
    long start = System.nanoTime();
    // budgets differ when train.max_epochs is searched: NaN says so
    runner.listener().rungStarted(0, count, Double.NaN);
    List<TrialResult> results = new ArrayList<>();
    int batch = runner.budgeted() ? runner.parallel() : Integer.MAX_VALUE;
    while (trials.hasNext() && !runner.exhausted()) {
      List<TrialRunner.Task> tasks = new ArrayList<>();
      while (trials.hasNext() && tasks.size() < batch) {
        Trial t = trials.next();
        tasks.add(new TrialRunner.Task(t, 0, budget.applyAsDouble(t)));
      }
      for (TrialResult r : runner.runAll(tasks)) {
        results.add(r);
        runner.objective().release(r.trial());
      }
    }
    return SearchResult.of(strategy, metric, results, (System.nanoTime() - start) / 1e9,
        runner.parallel(), Double.NaN);
  }
}
