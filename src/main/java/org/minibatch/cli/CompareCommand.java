package org.minibatch.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.CompareJob;
import org.minibatch.app.Settings;
import org.minibatch.app.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minibatch compare}: several optimizers on the same network, data and start. */
@Command(name = "compare", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Train the same network with several optimizers and draw them together.",
    description = {
        "Trains the config's network once per optimizer, from the same initial weights and"
            + " with the same batch order, the rest of the config as given; the data is read"
            + " and cached once and the runs go one after the other, so their times compare."
            + " Draws training loss against steps (loss_steps.png) and seconds"
            + " (loss_seconds.png) and validation accuracy against epochs (accuracy_epochs.png,"
            + " with a validation set), all optimizers overlaid; writes compare.csv and prints"
            + " the table.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch compare --conf conf/fashion-mnist.properties \\",
        "      --set train.schedule=constant --set train.max_epochs=3 \\",
        "      --set data.validation_fraction=0.1 \\",
        "      --optimizers 'sgd(lr=0.1)' 'momentum(lr=0.05)' 'adam(lr=0.001)' --out runs/cmp",
        "",
        "Exit codes: 0 success, 1 failure, 2 bad usage, config or data."})
final class CompareCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Option(names = "--optimizers", required = true, arity = "1..*", paramLabel = "SPEC",
      description = "Optimizer specs to compare, e.g. 'sgd(lr=0.1)' 'adam(lr=0.001)'.")
  List<String> optimizers;

  @Option(names = "--warmup-steps", paramLabel = "N", defaultValue = "200",
      description = "Untimed steps with the first optimizer before the timed runs, so JIT"
          + " compilation does not count against it (default: ${DEFAULT-VALUE}; 0 = none).")
  int warmupSteps;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws Exception {
    Settings settings = config.load();
    // a bad spec fails here, before Spark starts
    CompareJob.Plan plan = CompareJob.check(settings, optimizers);
    try (SparkSession spark = SparkSessions.create("minibatch compare " + settings.name(),
        settings.sparkSettings())) {
      List<CompareJob.Row> rows = new CompareJob(settings, spark, System.err)
          .run(plan, output.out, output.overwrite, warmupSteps);
      CompareJob.table(rows).forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getOut().flush();
    }
    return Main.OK;
  }
}
