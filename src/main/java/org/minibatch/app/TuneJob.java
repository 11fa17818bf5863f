package org.minibatch.app;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.DataSources.Role;
import org.minibatch.report.TuneCharts;
import org.minibatch.tune.FullSearch;
import org.minibatch.tune.Metric;
import org.minibatch.tune.SearchListener;
import org.minibatch.tune.SearchResult;
import org.minibatch.tune.SearchSpace;
import org.minibatch.tune.SuccessiveHalving;
import org.minibatch.tune.Trial;
import org.minibatch.tune.TrialResult;
import org.minibatch.tune.TrialRunner;
import org.minibatch.util.Range;

/**
 * {@code minibatch tune}: hyperparameter search over a {@link SearchSpace} by grid search,
 * random search (Bergstra and Bengio 2012) or successive halving (Jamieson and Talwalkar 2016,
 * {@link SuccessiveHalving}). The data is read, scaled and cached once; every trial trains over
 * that one cached copy, up to {@code parallel} of them at the same time as concurrent Spark jobs
 * of this application (a thread and a fair scheduler pool per trial). Trials are ranked by
 * validation accuracy (validation loss for regression), so a validation set is required; the
 * test set is left alone for the final model. Writes {@code trials.csv}, {@code best.properties}
 * (ready for {@code train --conf}) and one chart per searched key to the output directory.
 */
public final class TuneJob {
  /** How to search. */
  public enum Strategy { GRID, RANDOM, HALVING }

  /**
   * @param trials trials to draw (random, halving), or null (halving then runs the grid)
   * @param minEpochs halving's first budget, or null for R / eta^floor(log_eta trials)
   * @param seed seed of the random draws, or null for the config's {@code train.seed}
   * @param out output directory, or null for {@code runs/tune-<conf>-<time>}
   */
  public record Options(Strategy strategy, Integer trials, int parallel, int eta,
      Double minEpochs, Long seed, String out, boolean overwrite) {}

  private final Settings settings;
  private final SearchSpace space;
  private final SparkSession spark;
  private final PrintStream console;

  public TuneJob(Settings settings, SearchSpace space, SparkSession spark, PrintStream console) {
    this.settings = settings;
    this.space = space;
    this.spark = spark;
    this.console = console;
  }

  /** What a search will run: the trials and, for halving, its rounds. */
  public record Plan(List<Trial> trials, TrialSettings settings, SuccessiveHalving halving) {}

  /**
   * Checks the config, the space and the options and draws the trials, without Spark: a bad
   * search fails here, before anything starts.
   */
  public static Plan plan(Settings settings, SearchSpace space, Options options) {
    if (!(settings.getDouble(Key.DATA_VALIDATION_FRACTION, Range.closedOpen(0, 1)) > 0
        || DataSources.present(settings, Role.VALIDATION))) {
      throw new IllegalArgumentException("tune ranks trials on a validation set: set"
          + " data.validation_fraction (e.g. 0.1) or data.validation");
    }
    if (options.parallel() < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1, got "
          + options.parallel());
    }
    boolean halving = options.strategy() == Strategy.HALVING;
    TrialSettings trialSettings = new TrialSettings(settings);
    TrialSettings.checkKeys(space, halving);
    List<Trial> trials = trials(settings, space, options);
    trialSettings.check(trials);
    SuccessiveHalving sh = null;
    if (halving) {
      double max = settings.getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1));
      double min = options.minEpochs() != null ? options.minEpochs()
          : SuccessiveHalving.defaultMinBudget(trials.size(), options.eta(), max);
      sh = new SuccessiveHalving(options.eta(), min, max);
    }
    return new Plan(trials, trialSettings, sh);
  }

  /** Searches, writes the output directory and returns what was found. */
  public TuneReport run(Options options) throws IOException {
    return run(plan(settings, space, options), options);
  }

  /** As {@link #run(Options)}, for a plan already made by {@link #plan} with the same options. */
  public TuneReport run(Plan plan, Options options) throws IOException {
    List<Trial> trials = plan.trials();
    TrialSettings trialSettings = plan.settings();
    SuccessiveHalving sh = plan.halving();
    boolean halving = sh != null;
    String location = options.out() != null ? options.out() : "runs/tune-" + settings.name()
        + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    RunDirectory out = RunDirectory.open(location, spark.sparkContext().hadoopConfiguration(),
        options.overwrite(), false);
    console.printf(Locale.ROOT, "tune: %s search, %d trials, %d at a time%s%n",
        options.strategy().name().toLowerCase(Locale.ROOT), trials.size(), options.parallel(),
        sh == null ? "" : "; rounds (trials x epochs): " + describe(sh.plan(trials.size())));
    try (PreparedData data = PreparedData.prepare(settings, spark, false)) {
      if (!data.hasValidation()) {
        throw new IllegalArgumentException("the validation set is empty: raise"
            + " data.validation_fraction or give data.validation");
      }
      Metric metric = data.spec().isClassifier() ? Metric.ACCURACY : Metric.LOSS;
      SparkObjective objective = new SparkObjective(data, trialSettings, halving);
      TrialRunner runner = new TrialRunner(objective, options.parallel(), progress(metric));
      SearchResult result = halving ? sh.run(trials, runner, metric)
          : FullSearch.run(options.strategy().name().toLowerCase(Locale.ROOT), trials,
              t -> trialSettings.apply(t).getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1)),
              runner, metric);
      TuneReport report = new TuneReport(result, trialSettings, space, trials.size()
          * (double) settings.getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1)),
          objective.maxCachedRdds(), data.seconds(), out.display(), sh == null ? 0 : sh.eta());
      report.write(out);
      for (Map.Entry<String, byte[]> chart : TuneCharts.draw(result, space.params())
          .entrySet()) {
        out.writeBytes(chart.getKey(), chart.getValue());
      }
      return report;
    }
  }

  /** The trials to run, numbered from 1. */
  private static List<Trial> trials(Settings settings, SearchSpace space, Options o) {
    long seed = o.seed() != null ? o.seed()
        : settings.getLong(Key.TRAIN_SEED, Range.nonNegative());
    List<Map<String, String>> points;
    switch (o.strategy()) {
      case GRID -> {
        if (o.trials() != null) {
          throw new IllegalArgumentException("--trials does not apply to grid search, which"
              + " runs every point of the grid");
        }
        points = space.grid();
      }
      case RANDOM -> {
        if (o.trials() == null) {
          throw new IllegalArgumentException("--strategy random needs --trials N");
        }
        points = space.sample(o.trials(), seed);
      }
      default -> {
        if (o.trials() == null) {
          space.requireFinite("--strategy halving without --trials runs the grid, which");
          points = space.grid();
        } else {
          points = space.sample(o.trials(), seed);
        }
      }
    }
    List<Trial> trials = new ArrayList<>();
    for (Map<String, String> p : points) {
      trials.add(new Trial(trials.size() + 1, p));
    }
    return trials;
  }

  private static String describe(List<SuccessiveHalving.Rung> plan) {
    List<String> parts = new ArrayList<>();
    for (SuccessiveHalving.Rung r : plan) {
      parts.add(r.trials() + " x " + TuneReport.epochs(r.budget()));
    }
    return String.join(", ", parts) + String.format(Locale.ROOT, " = %s epochs",
        TuneReport.epochs(SuccessiveHalving.plannedEpochs(plan)));
  }

  /** One line per round and per finished trial, on the console. */
  private SearchListener progress(Metric metric) {
    return new SearchListener() {
      @Override
      public synchronized void rungStarted(int rung, int trials, double budget) {
        console.printf(Locale.ROOT, "round %d: %d trial(s) to %s%n", rung, trials,
            Double.isNaN(budget) ? "their train.max_epochs" : TuneCharts.budgetLabel(budget));
      }

      @Override
      public synchronized void trialDone(TrialResult r) {
        console.printf(Locale.ROOT, "trial %3d @ %-13s %s %s (%.1f s)  %s%n", r.trial().id(),
            TuneCharts.budgetLabel(r.budget()) + ":", metric.name(),
            r.outcome().ok() ? String.format(Locale.ROOT, "%.4f", r.outcome().metric())
                : r.outcome().status(), r.outcome().seconds(), r.trial().describe());
      }
    };
  }
}
