package org.minibatch.tune;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Model-based search (Bayesian optimisation with a {@link TreeParzen} model): the first
 * {@code initial} trials are random (the same points random search draws first for the seed, so
 * the two compare from a common start), then every new trial is the model's proposal, fitted on
 * all finished trials. With {@code parallel} K, K proposals are made together, each seeing the
 * ones before it as running (counted as bad: the constant liar), and the batch is trained before
 * the next; so the trials depend on the seed only, never on which trial finished first. Every
 * trial is one full run, as in random search; the search ends after {@code trials} trials or at
 * the epoch budget.
 */
public final class BayesSearch {
  private final SearchSpace space;
  private final Metric metric;
  private final int initial;
  private final long seed;

  public BayesSearch(SearchSpace space, Metric metric, int initial, long seed) {
    if (initial < 1) {
      throw new IllegalArgumentException("--initial must be at least 1, got " + initial);
    }
    this.space = space;
    this.metric = metric;
    this.initial = initial;
    this.seed = seed;
  }

  /**
   * @param trials how many trials, or -1 to run until the runner's epoch budget ends
   * @param budget the epochs of a trial's full run
   */
  public SearchResult run(int trials, ToDoubleFunction<Trial> budget, TrialRunner runner) {
    if (trials < 0 && !runner.budgeted()) {
      throw new IllegalArgumentException("--strategy bayes needs --trials N or"
          + " --budget-epochs E");
    }
    long start = System.nanoTime();
    TreeParzen model = new TreeParzen(space.params(), metric);
    Iterator<Map<String, String>> randomPoints = space.sampler(seed);
    SplittableRandom proposals = new SplittableRandom(seed).split();
    List<TreeParzen.Observation> finished = new ArrayList<>();
    List<TrialResult> results = new ArrayList<>();
    runner.listener().rungStarted(0, trials, Double.NaN);
    int next = 1;
    while ((trials < 0 || next <= trials) && !runner.exhausted()) {
      List<TrialRunner.Task> batch = new ArrayList<>();
      List<Map<String, String>> running = new ArrayList<>();
      while (batch.size() < runner.parallel() && (trials < 0 || next <= trials)) {
        Map<String, String> point = next <= initial ? randomPoints.next()
            : model.propose(finished, running, proposals);
        running.add(point);
        Trial t = new Trial(next++, point);
        batch.add(new TrialRunner.Task(t, 0, budget.applyAsDouble(t)));
      }
      double spent = runner.spentEpochs();
      for (TrialResult r : runner.runAll(batch)) {
        results.add(r);
        finished.add(new TreeParzen.Observation(r.trial().values(), r.outcome().metric()));
        runner.objective().release(r.trial());
      }
      if (runner.spentEpochs() == spent) {
        break; // nothing trained (every trial diverged at once): no budget would end the loop
      }
    }
    return SearchResult.of("bayes", metric, results, (System.nanoTime() - start) / 1e9,
        runner.parallel(), Double.NaN);
  }
}
