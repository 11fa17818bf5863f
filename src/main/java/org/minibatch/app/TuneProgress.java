package org.minibatch.app;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minibatch.report.TuneCharts;
import org.minibatch.tune.Hyperband;
import org.minibatch.tune.Metric;
import org.minibatch.tune.SearchListener;
import org.minibatch.tune.SuccessiveHalving;
import org.minibatch.tune.TrialResult;

/** tune's console progress: one line per bracket, round (or generation) and finished trial. */
final class TuneProgress implements SearchListener {
  private final PrintStream console;
  private final Metric metric;
  private final String round;

  TuneProgress(PrintStream console, Metric metric, boolean generations) {
    this.console = console;
    this.metric = metric;
    this.round = generations ? "generation" : "round";
  }

  @Override
  public synchronized void bracketStarted(int index, Hyperband.Bracket bracket) {
    console.printf(Locale.ROOT, "bracket %d (s=%d): %s%n", index, bracket.s(),
        describe(bracket.rungs()));
  }

  @Override
  public synchronized void rungStarted(int rung, int trials, double budget) {
    console.printf(Locale.ROOT, "%s %d: %s to %s%n", round, rung,
        trials < 0 ? "trials until the epoch budget" : trials + " trial(s)",
        Double.isNaN(budget) ? "their train.max_epochs" : TuneCharts.budgetLabel(budget));
  }

  @Override
  public synchronized void trialDone(TrialResult r) {
    console.printf(Locale.ROOT, "trial %3d @ %-13s %s %s (%.1f s)  %s%n", r.trial().id(),
        TuneCharts.budgetLabel(r.budget()) + ":", metric.name(),
        r.outcome().ok() ? String.format(Locale.ROOT, "%.4f", r.outcome().metric())
            : r.outcome().status(), r.outcome().seconds(), r.trial().describe());
  }

  /** Rounds as "trials x epochs, ... = total epochs". */
  static String describe(List<SuccessiveHalving.Rung> plan) {
    List<String> parts = new ArrayList<>();
    for (SuccessiveHalving.Rung r : plan) {
      parts.add(r.trials() + " x " + TuneReport.epochs(r.budget()));
    }
    return String.join(", ", parts) + String.format(Locale.ROOT, " = %s epochs",
        TuneReport.epochs(SuccessiveHalving.plannedEpochs(plan)));
  }
}
