package org.minibatch.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Grid search and random search: every trial is one full training run (its config's own
 * epoch count), and the best validation metric wins. Random search samples the space instead of
 * enumerating it, which covers each important parameter with more distinct values for the same
 * number of trials (Bergstra and Bengio 2012).
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
    long start = System.nanoTime();
    List<TrialRunner.Task> tasks = new ArrayList<>();
    for (Trial t : trials) {
      tasks.add(new TrialRunner.Task(t, 0, budget.applyAsDouble(t)));
    }
    double first = tasks.get(0).budget();
    boolean same = tasks.stream().allMatch(t -> t.budget() == first);
    // NaN: the trials' budgets differ (train.max_epochs is searched)
    runner.listener().rungStarted(0, trials.size(), same ? first : Double.NaN);
    List<TrialResult> results = runner.runAll(tasks);
    trials.forEach(runner.objective()::release);
    return SearchResult.of(strategy, metric, results, results,
        (System.nanoTime() - start) / 1e9, runner.parallel());
  }
}
