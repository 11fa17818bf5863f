package org.minibatch.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar 2018, "Hyperband: A Novel
 * Bandit-Based Approach to Hyperparameter Optimization", JMLR 18): successive halving run in
 * every bracket from the most aggressive to plain random search, so the trade-off between many
 * trials on small budgets and few trials on the full budget is hedged rather than guessed.
 *
 * <p>With R the maximum budget in units of the minimum one (here {@code train.max_epochs /
 * r_min}, r_min one epoch unless given) and s_max = floor(log_eta R), bracket s = s_max ... 0
 * draws
 *
 * <pre>
 *   n = ceil((s_max + 1) / (s + 1) * eta^s)  trials, starting at  r = R eta^-s,
 * </pre>
 *
 * and runs successive halving on them: round i trains floor(n eta^-i) trials to r eta^i
 * ({@link SuccessiveHalving}, survivors continue). Every bracket costs about (s_max + 1) R. For
 * R = 81 and eta = 3 the brackets are 81 x 1, 34 x 3, 15 x 9, 8 x 27 and 5 x 81 (the paper's
 * Table 1). Under an epoch budget the brackets start over with new trials (the paper's
 * infinite-horizon use) until the budget runs out. Each bracket draws its trials fresh, from
 * one seeded stream.
 */
public final class Hyperband {
  /** One bracket: its s and its rounds. */
  public record Bracket(int s, List<SuccessiveHalving.Rung> rungs) {
    public int trials() {
      return rungs.get(0).trials();
    }

    /** Epochs the bracket trains in all, survivors continuing. */
    public double epochs() {
      return SuccessiveHalving.plannedEpochs(rungs);
    }
  }

  private static final double TOLERANCE = 1e-9;

  private final int eta;
  private final double minBudget;
  private final double maxBudget;
  private final int sMax;

  /**
   * @param minBudget r_min, the smallest budget in epochs (may be a fraction)
   * @param maxBudget the largest, {@code train.max_epochs}
   */
  public Hyperband(int eta, double minBudget, double maxBudget) {
    new SuccessiveHalving(eta, minBudget, maxBudget); // checks the three
    this.eta = eta;
    this.minBudget = minBudget;
    this.maxBudget = maxBudget;
    this.sMax = (int) Math.floor(Math.log(maxBudget / minBudget) / Math.log(eta) + TOLERANCE);
  }

  public int eta() {
    return eta;
  }

  public int sMax() {
    return sMax;
  }

  /** The brackets s = s_max ... 0 of one pass. */
  public List<Bracket> brackets() {
    List<Bracket> brackets = new ArrayList<>();
    for (int s = sMax; s >= 0; s--) {
      double etaS = Math.pow(eta, s);
      int n = (int) Math.ceil((sMax + 1) / (double) (s + 1) * etaS - TOLERANCE);
      double r = Math.max(minBudget, maxBudget / etaS);
      brackets.add(new Bracket(s, new SuccessiveHalving(eta, r, maxBudget).plan(n)));
    }
    return brackets;
  }

  /** Epochs one pass trains, every bracket in full. */
  public double plannedEpochs() {
    return brackets().stream().mapToDouble(Bracket::epochs).sum();
  }

  /**
   * Runs one pass of the brackets, or passes until the epoch budget runs out when the runner has
   * one. {@code draw} gives the trial with the given id (from 1, counting across brackets).
   */
  public SearchResult run(IntFunction<Trial> draw, TrialRunner runner, Metric metric) {
    long start = System.nanoTime();
    List<TrialResult> all = new ArrayList<>();
    int nextId = 1;
    int index = 0;
    double spentBefore;
    do {
      spentBefore = runner.spentEpochs();
      for (Bracket b : brackets()) {
        if (runner.exhausted()) {
          break;
        }
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < b.trials(); i++) {
          trials.add(draw.apply(nextId++));
        }
        runner.listener().bracketStarted(index, b);
        SuccessiveHalving sh = new SuccessiveHalving(eta, b.rungs().get(0).budget(), maxBudget);
        all.addAll(sh.runBracket(trials, index++, runner, metric));
      }
      // a pass that trained nothing (every trial diverged at once) would repeat forever
    } while (runner.budgeted() && !runner.exhausted() && runner.spentEpochs() > spentBefore);
    return SearchResult.of("hyperband", metric, all, (System.nanoTime() - start) / 1e9,
        runner.parallel(), maxBudget);
  }
}
