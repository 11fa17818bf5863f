package org.minibatch.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.Settings;
import org.minibatch.app.SparkSessions;
import org.minibatch.app.TuneComparison;
import org.minibatch.app.TuneJob;
import org.minibatch.app.TuneReport;
import org.minibatch.tune.SearchSpace;
import org.minibatch.util.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code minibatch tune}: hyperparameter and architecture search by grid, random search,
 * successive halving, Hyperband, Bayesian optimisation (TPE) or a genetic algorithm.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Search hyperparameters and architectures: grid, random, halving, hyperband, bayes,"
        + " genetic.",
    description = {
        "Varies the keys of a space file over the config and ranks the trials by validation"
            + " accuracy (validation loss for regression), so the config needs"
            + " data.validation_fraction or data.validation. The data is read and cached once;"
            + " up to --parallel trials train at the same time in this Spark application (fair"
            + " scheduler, one pool per trial).",
        "  grid, random  every trial trains train.max_epochs (Bergstra & Bengio 2012)",
        "  halving       all trials on a small budget, the best 1/eta continue with eta times"
            + " the budget, up to train.max_epochs (Jamieson & Talwalkar 2016)",
        "  hyperband     successive halving in every bracket s = s_max..0, from many short"
            + " trials to few full ones (Li et al. 2018)",
        "  bayes         --initial random trials, then each from a tree-structured Parzen"
            + " estimator fitted on the finished ones (Bergstra et al. 2011)",
        "  genetic       --population configs per generation: tournament selection, uniform"
            + " crossover, mutation, elitism",
        "",
        "Space file: one key per line, values separated by '|', or ranges: uniform(a,b),"
            + " loguniform(a,b), a..b and uniform_int(a,b) (whole numbers), loguniform_int(a,b)."
            + " train.optimizer.NAME sets an argument of the optimizer spec; model.layers and"
            + " model.width search the network as depth x width (or list model.hidden shapes):",
        "  train.optimizer    = sgd | momentum | adam",
        "  train.optimizer.lr = loguniform(1e-4, 0.3)",
        "  model.layers       = 1..3",
        "  model.width        = loguniform_int(32, 512)",
        "",
        "Writes trials.csv, best.properties (for train --conf) and metric_vs_KEY.png to --out"
            + " (a directory per strategy when there are several, with strategies.csv and"
            + " best_so_far.png next to them), and prints the best config and its test"
            + " accuracy.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch tune --conf conf/fashion-mnist.properties --space conf/fashion-mnist-space"
            + ".properties \\",
        "      --strategy halving --set data.validation_fraction=0.1 --set train.max_epochs=3",
        "  minibatch tune --conf conf/fashion-mnist.properties --space conf/fashion-mnist-arch"
            + ".properties \\",
        "      --strategy grid,random,halving,hyperband,bayes,genetic --budget-epochs 81",
        "  minibatch tune --conf conf/regression.properties --space space.properties \\",
        "      --strategy bayes --trials 30 --initial 10 --parallel 2 --out runs/tune-reg",
        "",
        "Exit codes: 0 success, 1 failure, 2 bad usage, config, space or data."})
final class TuneCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--space", required = true, paramLabel = "FILE",
      description = "The search space file.")
  Path space;

  @Option(names = "--strategy", required = true, paramLabel = "NAME[,NAME...]", split = ",",
      description = "grid, random, halving, hyperband, bayes or genetic; several (comma"
          + " separated) run one after the other over the same cached data, into a directory"
          + " each under --out, and are compared in strategies.csv and best_so_far.png.")
  List<String> strategies;

  @Option(names = "--trials", paramLabel = "N",
      description = "Trials to draw (random; bayes; halving, which otherwise starts from the"
          + " whole grid).")
  Integer trials;

  @Option(names = "--budget-epochs", paramLabel = "E",
      description = "Stop any strategy before its epochs in all (every trial's, continued"
          + " ones counted once) would pass E: strategies compare at equal cost. random,"
          + " bayes and genetic then need no --trials/--generations, hyperband runs passes"
          + " of its brackets until E.")
  Double budgetEpochs;

  @Option(names = "--parallel", paramLabel = "K", defaultValue = "1",
      description = "Trials running at the same time (default: ${DEFAULT-VALUE}); bayes"
          + " proposes K at a time, genetic trains a generation K at a time.")
  int parallel;

  @Option(names = "--eta", paramLabel = "ETA", defaultValue = "3",
      description = "halving, hyperband: keep the best 1/ETA each round, multiply the budget"
          + " by ETA (default: ${DEFAULT-VALUE}).")
  int eta;

  @Option(names = "--min-epochs", paramLabel = "EPOCHS", converter = Converters.Fraction.class,
      description = "halving: the first budget, may be a fraction such as 0.5 or 4/9"
          + " (default: train.max_epochs"
          + " / ETA^floor(log_ETA trials), so the last round reaches train.max_epochs);"
          + " hyperband: r_min, the smallest budget (default: 1).")
  Double minEpochs;

  @Option(names = "--initial", paramLabel = "K", defaultValue = "10",
      description = "bayes: random trials before the model proposes (default:"
          + " ${DEFAULT-VALUE}).")
  int initial;

  @Option(names = "--population", paramLabel = "P", defaultValue = "8",
      description = "genetic: configs per generation (default: ${DEFAULT-VALUE}).")
  int population;

  @Option(names = "--generations", paramLabel = "G",
      description = "genetic: generations, the random first one included.")
  Integer generations;

  @Option(names = "--inherit-weights",
      description = "genetic: a child with a parent's network shape starts from that parent's"
          + " weights (population-based training's exploit step).")
  boolean inheritWeights;

  @Option(names = "--seed", paramLabel = "SEED",
      description = "Seed of the random draws (default: train.seed).")
  Long seed;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws Exception {
    List<TuneJob.Strategy> chosen = strategies.stream().map(TuneCommand::strategy).toList();
    Settings settings = config.load();
    SearchSpace searchSpace = SearchSpace.read(space);
    TuneJob.Options options = new TuneJob.Options(chosen, trials, parallel, eta, minEpochs,
        seed, output.out, output.overwrite, budgetEpochs, initial, population, generations,
        inheritWeights);
    // a bad space or option fails here, before Spark starts
    List<TuneJob.Plan> plans = TuneJob.plan(settings, searchSpace, options);
    try (SparkSession spark = SparkSessions.create("minibatch tune " + settings.name(),
        fairScheduling(settings.sparkSettings()))) {
      List<TuneReport> reports = new TuneJob(settings, searchSpace, spark, System.err)
          .run(plans, options);
      List<String> lines = reports.size() == 1 ? reports.get(0).lines()
          : new TuneComparison(reports, budgetEpochs).lines();
      lines.forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getOut().flush();
    }
    return Main.OK;
  }

  /** Concurrent trials share the executors fairly, unless the config says otherwise. */
  static Map<String, String> fairScheduling(Map<String, String> sparkSettings) {
    Map<String, String> settings = new TreeMap<>(sparkSettings);
    settings.putIfAbsent("spark.scheduler.mode", "FAIR");
    return settings;
  }

  private static TuneJob.Strategy strategy(String name) {
    List<String> names = Arrays.stream(TuneJob.Strategy.values()).map(TuneJob.Strategy::label)
        .toList();
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (!names.contains(lower)) {
      throw new IllegalArgumentException(Suggest.unknown("strategy", name, names));
    }
    return TuneJob.Strategy.valueOf(lower.toUpperCase(Locale.ROOT));
  }
}
