package org.minibatch.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.Settings;
import org.minibatch.app.SparkSessions;
import org.minibatch.app.TuneJob;
import org.minibatch.app.TuneReport;
import org.minibatch.tune.SearchSpace;
import org.minibatch.util.Suggest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minibatch tune}: hyperparameter search by grid, random search or successive halving. */
@Command(name = "tune", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Search hyperparameters: grid, random search or successive halving.",
    description = {
        "Varies the keys of a space file over the config and ranks the trials by validation"
            + " accuracy (validation loss for regression), so the config needs"
            + " data.validation_fraction or data.validation. The data is read and cached once;"
            + " up to --parallel trials train at the same time in this Spark application (fair"
            + " scheduler, one pool per trial). grid and random train every trial for"
            + " train.max_epochs; halving (successive halving, Jamieson & Talwalkar 2016)"
            + " trains all on a small budget, keeps the best 1/eta, multiplies the budget by eta"
            + " and continues the survivors up to train.max_epochs.",
        "",
        "Space file: one key per line, values separated by '|', or uniform(a,b) and"
            + " loguniform(a,b) ranges (random, halving with --trials); train.optimizer.NAME"
            + " sets an argument of the optimizer spec:",
        "  train.optimizer    = sgd | momentum | adam",
        "  train.optimizer.lr = loguniform(1e-4, 0.3)",
        "  train.batch_size   = 128 | 256",
        "",
        "Writes trials.csv, best.properties (for train --conf) and metric_vs_KEY.png to --out,"
            + " and prints the best config.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch tune --conf conf/fashion-mnist.properties --space conf/fashion-mnist-space"
            + ".properties \\",
        "      --strategy halving --set data.validation_fraction=0.1 --set train.max_epochs=3",
        "  minibatch tune --conf conf/regression.properties --space space.properties \\",
        "      --strategy random --trials 20 --parallel 2 --out runs/tune-reg",
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

  @Option(names = "--strategy", required = true, paramLabel = "NAME",
      description = "grid, random or halving.")
  String strategy;

  @Option(names = "--trials", paramLabel = "N",
      description = "Trials to draw at random (random; halving, which otherwise starts from"
          + " the whole grid).")
  Integer trials;

  @Option(names = "--parallel", paramLabel = "K", defaultValue = "1",
      description = "Trials running at the same time (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--eta", paramLabel = "ETA", defaultValue = "3",
      description = "halving: keep the best 1/ETA each round, multiply the budget by ETA"
          + " (default: ${DEFAULT-VALUE}).")
  int eta;

  @Option(names = "--min-epochs", paramLabel = "EPOCHS",
      description = "halving: the first budget, may be a fraction (default: train.max_epochs"
          + " / ETA^floor(log_ETA trials), so the last round reaches train.max_epochs).")
  Double minEpochs;

  @Option(names = "--seed", paramLabel = "SEED",
      description = "Seed of the random draws (default: train.seed).")
  Long seed;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws Exception {
    TuneJob.Strategy chosen = strategy(strategy);
    Settings settings = config.load();
    SearchSpace searchSpace = SearchSpace.read(space);
    TuneJob.Options options = new TuneJob.Options(chosen, trials, parallel, eta, minEpochs,
        seed, output.out, output.overwrite);
    // a bad space or option fails here, before Spark starts
    TuneJob.Plan plan = TuneJob.plan(settings, searchSpace, options);
    try (SparkSession spark = SparkSessions.create("minibatch tune " + settings.name(),
        fairScheduling(settings.sparkSettings()))) {
      TuneReport report = new TuneJob(settings, searchSpace, spark, System.err).run(plan, options);
      report.lines().forEach(spec.commandLine().getOut()::println);
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
    List<String> names = List.of("grid", "random", "halving");
    String lower = name.toLowerCase(Locale.ROOT);
    if (!names.contains(lower)) {
      throw new IllegalArgumentException(Suggest.unknown("strategy", name, names));
    }
    return TuneJob.Strategy.valueOf(lower.toUpperCase(Locale.ROOT));
  }
}
