package org.minibatch.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Successive halving (Jamieson and Talwalkar 2016, "Non-stochastic Best Arm Identification and
 * Hyperparameter Optimization", AISTATS; with a reduction factor eta as in Li et al. 2018,
 * "Hyperband", JMLR, of which it is the building block): train every trial on a small budget,
 * keep the best 1/eta, multiply the budget by eta and continue the survivors, until one trial is
 * left or the budget reaches the maximum.
 *
 * <p>Round k trains n_k trials to r_k = min(R, r_0 eta^k) epochs in all, with n_0 the number of
 * trials and n_{k+1} = max(1, floor(n_k / eta)). Survivors continue from their state after
 * round k-1 (the objective keeps it), so a round costs n_k (r_k - r_{k-1}) epochs and the whole
 * search sum_k n_k (r_k - r_{k-1}), against n_0 R for a grid of full runs. The default r_0 is
 * R / eta^s with s = floor(log_eta n_0), Hyperband's most aggressive bracket: the last round
 * then trains floor(n_0 / eta^s) trials (1 to eta - 1 of them) to the full budget R. Budgets are
 * epochs and may be fractions of one (a third of an epoch is a third of its steps).
 */
public final class SuccessiveHalving {
  /** One round: how many trials, trained to how many epochs in all. */
  public record Rung(int trials, double budget) {}

  private static final double TOLERANCE = 1e-9;

  private final int eta;
  private final double minBudget;
  private final double maxBudget;

  public SuccessiveHalving(int eta, double minBudget, double maxBudget) {
    checkEta(eta);
    if (!(maxBudget > 0)) {
      throw new IllegalArgumentException("the maximum budget must be positive, got "
          + maxBudget);
    }
    if (!(minBudget > 0 && minBudget <= maxBudget)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "--min-epochs must be in (0, %s] (the maximum budget, train.max_epochs), got %s",
          fmt(maxBudget), fmt(minBudget)));
    }
    this.eta = eta;
    this.minBudget = minBudget;
    this.maxBudget = maxBudget;
  }

  /** R / eta^s with s = floor(log_eta trials): with that start the last round is at R. */
  public static double defaultMinBudget(int trials, int eta, double maxBudget) {
    checkEta(eta);
    double budget = maxBudget;
    for (long n = eta; n <= trials; n *= eta) {
      budget /= eta;
    }
    return budget;
  }

  private static void checkEta(int eta) {
    if (eta < 2) {
      throw new IllegalArgumentException("--eta must be at least 2, got " + eta);
    }
  }

  public int eta() {
    return eta;
  }

  /** The rounds for {@code trials} starting trials, assuming none diverges. */
  public List<Rung> plan(int trials) {
    if (trials < 1) {
      throw new IllegalArgumentException("successive halving needs at least one trial");
    }
    List<Rung> rungs = new ArrayList<>();
    int n = trials;
    double budget = minBudget;
    while (true) {
      if (budget >= maxBudget * (1 - TOLERANCE)) {
        budget = maxBudget;
      }
      rungs.add(new Rung(n, budget));
      if (n == 1 || budget == maxBudget) {
        return rungs;
      }
      n = Math.max(1, n / eta);
      budget *= eta;
    }
  }

  /** Epochs a plan trains in all: survivors continue, so each round adds its increment. */
  public static double plannedEpochs(List<Rung> plan) {
    double total = 0;
    double before = 0;
    for (Rung r : plan) {
      total += r.trials() * (r.budget() - before);
      before = r.budget();
    }
    return total;
  }

  /** Runs the rounds; the best row wins (in practice the best trial of the last round). */
  public SearchResult run(List<Trial> trials, TrialRunner runner, Metric metric) {
    long start = System.nanoTime();
    List<TrialResult> all = runBracket(trials, 0, runner, metric);
    return SearchResult.of("halving", metric, all, (System.nanoTime() - start) / 1e9,
        runner.parallel(), maxBudget);
  }

  /**
   * Runs the rounds of one bracket, its rows marked {@code bracket}, and releases its trials.
   * Stops early when the runner's epoch budget runs out.
   */
  List<TrialResult> runBracket(List<Trial> trials, int bracket, TrialRunner runner,
      Metric metric) {
    List<Rung> plan = plan(trials.size());
    List<Trial> survivors = new ArrayList<>(trials);
    List<TrialResult> all = new ArrayList<>();
    for (int k = 0; k < plan.size() && !runner.exhausted(); k++) {
      Rung rung = plan.get(k);
      runner.listener().rungStarted(k, survivors.size(), rung.budget());
      List<TrialRunner.Task> tasks = new ArrayList<>();
      for (Trial t : survivors) {
        tasks.add(new TrialRunner.Task(t, bracket, k, rung.budget(), null));
      }
      List<TrialResult> round = runner.runAll(tasks);
      all.addAll(round);
      if (k + 1 < plan.size() && !runner.exhausted()) {
        survivors = promote(round, plan.get(k + 1).trials(), metric, runner.objective());
      }
    }
    survivors.forEach(runner.objective()::release);
    return all;
  }

  /** The best {@code keep} of a round, in trial order; the others are released. */
  static List<Trial> promote(List<TrialResult> round, int keep, Metric metric,
      Objective objective) {
    List<TrialResult> ranked = new ArrayList<>(round);
    ranked.sort(metric.ranking());
    List<Trial> kept = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      Trial t = ranked.get(i).trial();
      if (i < keep) {
        kept.add(t);
      } else {
        objective.release(t);
      }
    }
    kept.sort(Comparator.comparingInt(Trial::id));
    return kept;
  }

  static String fmt(double v) {
    return org.minibatch.util.Specs.formatNumber(v);
  }
}
