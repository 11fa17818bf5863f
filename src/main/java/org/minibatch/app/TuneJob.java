package org.minibatch.app;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.DataSources.Role;
import org.minibatch.report.TuneCharts;
import org.minibatch.train.Evaluation;
import org.minibatch.tune.BayesSearch;
import org.minibatch.tune.FullSearch;
import org.minibatch.tune.GeneticSearch;
import org.minibatch.tune.Hyperband;
import org.minibatch.tune.Metric;
import org.minibatch.tune.SearchResult;
import org.minibatch.tune.SearchSpace;
import org.minibatch.tune.SuccessiveHalving;
import org.minibatch.tune.Trial;
import org.minibatch.tune.TrialResult;
import org.minibatch.tune.TrialRunner;
import org.minibatch.util.Range;

/**
 * {@code minibatch tune}: hyperparameter search over a {@link SearchSpace} by grid search,
 * random search (Bergstra and Bengio 2012), successive halving ({@link SuccessiveHalving}),
 * Hyperband ({@link Hyperband}), Bayesian optimisation with a tree-structured Parzen estimator
 * ({@link BayesSearch}) or a genetic algorithm ({@link GeneticSearch}). The data is read, scaled
 * and cached once; every trial of every strategy trains over that one cached copy, up to
 * {@code parallel} of them at the same time as concurrent Spark jobs of this application (a
 * thread and a fair scheduler pool per trial). Trials are ranked by validation accuracy
 * (validation loss for regression), so a validation set is required; the test set measures only
 * the best trial's weights, once the search is over. Writes {@code trials.csv},
 * {@code best.properties} (ready for {@code train --conf}) and one chart per searched key to the
 * output directory; several strategies go to a directory each, next to a comparison
 * ({@link TuneComparison}).
 */
public final class TuneJob {
  /** How to search. */
  public enum Strategy {
    GRID, RANDOM, HALVING, HYPERBAND, BAYES, GENETIC;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Strategies that set every trial's epoch budget themselves. */
    boolean multiFidelity() {
      return this == HALVING || this == HYPERBAND;
    }
  }

  /** Trials drawn to check a sampling strategy's space before anything trains. */
  static final int PROBE_TRIALS = 64;

  /**
   * @param strategies the strategies to run, one after the other over the same cached data
   * @param trials trials to draw (random, halving, bayes), or null
   * @param minEpochs halving's first budget (default R / eta^floor(log_eta trials)), Hyperband's
   *     r_min (default 1 epoch), or null
   * @param seed seed of the random draws, or null for the config's {@code train.seed}
   * @param out output directory, or null for {@code runs/tune-<conf>-<time>}
   * @param budgetEpochs total epochs after which any strategy stops, or null for no limit
   * @param initial bayes: random trials before the model proposes
   * @param population genetic: configs per generation
   * @param generations genetic: generations, or null (then the epoch budget ends it)
   * @param inheritWeights genetic: children of the same network shape start from a parent's
   *     weights
   */
  public record Options(List<Strategy> strategies, Integer trials, int parallel, int eta,
      Double minEpochs, Long seed, String out, boolean overwrite, Double budgetEpochs,
      int initial, int population, Integer generations, boolean inheritWeights) {
    public Options {
      strategies = List.copyOf(strategies);
    }

    /** One strategy with the command line's defaults. */
    public static Options of(Strategy strategy) {
      return new Options(List.of(strategy), null, 1, 3, null, null, null, false, null, 10, 8,
          null, false);
    }

    public Options withTrials(Integer n) {
      return new Options(strategies, n, parallel, eta, minEpochs, seed, out, overwrite,
          budgetEpochs, initial, population, generations, inheritWeights);
    }

    public Options withParallel(int k) {
      return new Options(strategies, trials, k, eta, minEpochs, seed, out, overwrite,
          budgetEpochs, initial, population, generations, inheritWeights);
    }

    public Options withOut(String dir, boolean replace) {
      return new Options(strategies, trials, parallel, eta, minEpochs, seed, dir, replace,
          budgetEpochs, initial, population, generations, inheritWeights);
    }

    public Options withBudget(Double epochs) {
      return new Options(strategies, trials, parallel, eta, minEpochs, seed, out, overwrite,
          epochs, initial, population, generations, inheritWeights);
    }

    public Options withSeed(Long s) {
      return new Options(strategies, trials, parallel, eta, minEpochs, s, out, overwrite,
          budgetEpochs, initial, population, generations, inheritWeights);
    }

    public Options withGenetic(int size, Integer count, boolean inherit) {
      return new Options(strategies, trials, parallel, eta, minEpochs, seed, out, overwrite,
          budgetEpochs, initial, size, count, inherit);
    }
  }

  /**
   * What one strategy will run: its trials when they are known in advance (grid, halving,
   * random with {@code --trials}), else null (drawn as the search goes); halving's rounds or
   * Hyperband's brackets.
   */
  public record Plan(Strategy strategy, List<Trial> trials, SuccessiveHalving halving,
      Hyperband hyperband, long seed) {}

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

  /**
   * Checks the config, the space and the options and plans every strategy, without Spark: a
   * bad search fails here, before anything starts.
   */
  public static List<Plan> plan(Settings settings, SearchSpace space, Options options) {
    if (!(settings.getDouble(Key.DATA_VALIDATION_FRACTION, Range.closedOpen(0, 1)) > 0
        || DataSources.present(settings, Role.VALIDATION))) {
      throw new IllegalArgumentException("tune ranks trials on a validation set: set"
          + " data.validation_fraction (e.g. 0.1) or data.validation");
    }
    if (options.strategies().isEmpty()) {
      throw new IllegalArgumentException("--strategy names no strategy");
    }
    if (options.strategies().stream().distinct().count() < options.strategies().size()) {
      throw new IllegalArgumentException("--strategy names a strategy twice: "
          + options.strategies());
    }
    boolean multiFidelity = options.strategies().stream().anyMatch(Strategy::multiFidelity);
    if (options.minEpochs() != null && !multiFidelity) {
      throw new IllegalArgumentException("--min-epochs applies to --strategy halving and"
          + " hyperband only");
    }
    if ((options.generations() != null || options.inheritWeights())
        && !options.strategies().contains(Strategy.GENETIC)) {
      throw new IllegalArgumentException("--generations and --inherit-weights apply to"
          + " --strategy genetic only");
    }
    check("--parallel", options.parallel(), 1);
    check("--initial", options.initial(), 1);
    check("--population", options.population(), 2);
    if (options.generations() != null) {
      check("--generations", options.generations(), 1);
    }
    if (options.budgetEpochs() != null && !(options.budgetEpochs() > 0
        && Double.isFinite(options.budgetEpochs()))) {
      throw new IllegalArgumentException("--budget-epochs must be a positive number, got "
          + options.budgetEpochs());
    }
    List<Plan> plans = new ArrayList<>();
    for (Strategy strategy : options.strategies()) {
      plans.add(planOne(settings, space, options, strategy));
    }
    return plans;
  }

  private static void check(String option, int value, int least) {
    if (value < least) {
      throw new IllegalArgumentException(option + " must be at least " + least + ", got "
          + value);
    }
  }

  private static Plan planOne(Settings settings, SearchSpace space, Options o, Strategy s) {
    TrialSettings.checkKeys(space, s);
    long seed = o.seed() != null ? o.seed()
        : settings.getLong(Key.TRAIN_SEED, Range.nonNegative());
    boolean budgeted = o.budgetEpochs() != null;
    String name = "--strategy " + s.label();
    if (o.trials() != null && (s == Strategy.GRID || s == Strategy.HYPERBAND
        || s == Strategy.GENETIC)) {
      throw new IllegalArgumentException("--trials does not apply to " + name + ": "
          + switch (s) {
            case GRID -> "it runs every point of the grid (cut it with --budget-epochs)";
            case HYPERBAND -> "its brackets set their trials (more passes: --budget-epochs)";
            default -> "use --population and --generations";
          });
    }
    if (o.trials() != null) {
      check("--trials", o.trials(), 1);
    }
    List<Trial> trials = switch (s) {
      case GRID -> numbered(space.grid());
      case HALVING -> {
        if (o.trials() == null) {
          space.requireFinite(name + " without --trials runs the grid, which");
          yield numbered(space.grid());
        }
        yield numbered(space.sample(o.trials(), seed));
      }
      case RANDOM -> {
        if (o.trials() == null && !budgeted) {
          throw new IllegalArgumentException(name + " needs --trials N or --budget-epochs E");
        }
        yield o.trials() == null ? null : numbered(space.sample(o.trials(), seed));
      }
      case BAYES -> {
        if (o.trials() == null && !budgeted) {
          throw new IllegalArgumentException(name + " needs --trials N or --budget-epochs E");
        }
        yield null;
      }
      case HYPERBAND -> null;
      case GENETIC -> {
        if (o.generations() == null && !budgeted) {
          throw new IllegalArgumentException(name + " needs --generations G or"
              + " --budget-epochs E");
        }
        yield null;
      }
    };
    // drawn trials are checked on a sample of the space; ids of a throwaway TrialSettings
    List<Trial> checked = trials != null ? trials
        : numbered(space.sample(PROBE_TRIALS, seed));
    new TrialSettings(settings).check(checked);
    double max = settings.getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1));
    SuccessiveHalving sh = null;
    Hyperband hb = null;
    if (s == Strategy.HALVING) {
      double min = o.minEpochs() != null ? o.minEpochs()
          : SuccessiveHalving.defaultMinBudget(trials.size(), o.eta(), max);
      sh = new SuccessiveHalving(o.eta(), min, max);
    } else if (s == Strategy.HYPERBAND) {
      hb = new Hyperband(o.eta(), o.minEpochs() != null ? o.minEpochs() : 1, max);
    }
    return new Plan(s, trials, sh, hb, seed);
  }

  private static List<Trial> numbered(List<Map<String, String>> points) {
    List<Trial> trials = new ArrayList<>();
    for (Map<String, String> p : points) {
      trials.add(new Trial(trials.size() + 1, p));
    }
    return trials;
  }

  /** Searches, writes the output directory and returns what each strategy found. */
  public List<TuneReport> run(Options options) throws IOException {
    return run(plan(settings, space, options), options);
  }

  /** As {@link #run(Options)}, for plans made by {@link #plan} with the same options. */
  public List<TuneReport> run(List<Plan> plans, Options options) throws IOException {
    String location = options.out() != null ? options.out() : "runs/tune-" + settings.name()
        + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    boolean several = plans.size() > 1;
    RunDirectory out = RunDirectory.open(location, spark.sparkContext().hadoopConfiguration(),
        options.overwrite(), false);
    try (PreparedData data = PreparedData.prepare(settings, spark, true)) {
      if (!data.hasValidation()) {
        throw new IllegalArgumentException("the validation set is empty: raise"
            + " data.validation_fraction or give data.validation");
      }
      List<TuneReport> reports = new ArrayList<>();
      for (Plan plan : plans) {
        RunDirectory dir = several ? out.child(plan.strategy().label()) : out;
        TuneReport report = runOne(plan, options, data, dir);
        if (several) {
          report.lines().forEach(console::println);
        }
        reports.add(report);
      }
      if (several) {
        new TuneComparison(reports, options.budgetEpochs()).write(out);
      }
      return reports;
    }
  }

  private TuneReport runOne(Plan plan, Options options, PreparedData data, RunDirectory out)
      throws IOException {
    Strategy strategy = plan.strategy();
    TrialSettings trialSettings = new TrialSettings(settings);
    console.printf(Locale.ROOT, "tune: %s search, %s, %d at a time%s%s%n", strategy.label(),
        plan.trials() != null ? plan.trials().size() + " trials" : "trials drawn as it goes",
        options.parallel(), plan.halving() == null ? ""
            : "; rounds (trials x epochs): "
                + TuneProgress.describe(plan.halving().plan(plan.trials().size())),
        options.budgetEpochs() == null ? ""
            : "; stops at " + TuneReport.epochs(options.budgetEpochs()) + " epochs in all");
    Metric metric = data.spec().isClassifier() ? Metric.ACCURACY : Metric.LOSS;
    SparkObjective objective = new SparkObjective(data, trialSettings,
        strategy.multiFidelity(), metric);
    TrialRunner runner = new TrialRunner(objective, options.parallel(),
        new TuneProgress(console, metric, strategy == Strategy.GENETIC),
        options.budgetEpochs() == null ? Double.POSITIVE_INFINITY : options.budgetEpochs());
    ToDoubleFunction<Trial> fullRun = t -> trialSettings.apply(t)
        .getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1));
    SearchResult result = switch (strategy) {
      case GRID -> FullSearch.run(strategy.label(), plan.trials(), fullRun, runner, metric);
      case RANDOM -> plan.trials() != null
          ? FullSearch.run(strategy.label(), plan.trials(), fullRun, runner, metric)
          : FullSearch.run(strategy.label(), drawn(plan.seed()), -1, fullRun, runner, metric);
      case HALVING -> plan.halving().run(plan.trials(), runner, metric);
      case HYPERBAND -> {
        Iterator<Trial> draws = drawn(plan.seed());
        yield plan.hyperband().run(id -> draws.next(), runner, metric);
      }
      case BAYES -> new BayesSearch(space, metric, options.initial(), plan.seed())
          .run(options.trials() == null ? -1 : options.trials(), fullRun, runner);
      case GENETIC -> new GeneticSearch(space, metric, options.population(),
          options.inheritWeights(), plan.seed())
          .run(options.generations() == null ? -1 : options.generations(), fullRun, runner);
    };
    TuneReport report = new TuneReport(result, trialSettings, space,
        objective.maxCachedRdds(), data.seconds(), out.display(),
        plan.halving() != null ? plan.halving().eta() : plan.hyperband() != null
            ? plan.hyperband().eta() : 0, testMetric(data, trialSettings, objective, result));
    report.write(out);
    for (Map.Entry<String, byte[]> chart : TuneCharts.draw(result, space.params())
        .entrySet()) {
      out.writeBytes(chart.getKey(), chart.getValue());
    }
    return report;
  }

  /** The space's random draws for the seed, numbered from 1 (the same as random search's). */
  private Iterator<Trial> drawn(long seed) {
    Iterator<Map<String, String>> points = space.sampler(seed);
    return new Iterator<>() {
      private int next = 1;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Trial next() {
        return new Trial(next++, points.next());
      }
    };
  }

  /**
   * The test accuracy (test loss for regression) of the best row's weights, or NaN without test
   * data.
   */
  private static double testMetric(PreparedData data, TrialSettings trials,
      SparkObjective objective, SearchResult result) {
    SparkObjective.Best best = objective.best();
    TrialResult row = result.best();
    if (best == null || best.trial().id() != row.trial().id() || best.budget() != row.budget()) {
      throw new IllegalStateException("the best row's weights were not kept: trial "
          + row.trial().id());
    }
    var net = data.config(trials.parsed(best.trial())).network();
    Evaluation test = data.test(net, best.params());
    return test == null ? Double.NaN : net.isClassifier() ? test.accuracy() : test.loss();
  }
}
