package org.minibatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.RunSummary;
import org.minibatch.app.Settings;
import org.minibatch.app.SparkSessions;
import org.minibatch.app.Stages;
import org.minibatch.app.TrainJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code minibatch train}: train a network as a config file describes. */
@Command(name = "train", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Train a network on Spark as a config file describes; write a run directory.",
    description = {
        "Reads the data, trains with distributed mini-batch gradient descent, evaluates on the"
            + " test set and writes the run directory: config.properties, metrics.csv,"
            + " summary.json, model/ (a Spark ML PipelineModel), checkpoints/, charts (PNG) and"
            + " report.html. Prints one line with the test accuracy (or RMSE) and the run"
            + " directory. Every key is documented in conf/reference.properties.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch train --conf conf/fashion-mnist.properties",
        "  minibatch train --conf conf/fashion-mnist.properties \\",
        "      --set train.optimizer='momentum(lr=0.05)' --set train.max_epochs=3",
        "  minibatch train --resume runs/fashion-mnist-20261122-101500",
        "  minibatch train --resume runs/x --set train.max_epochs=20   (train further)",
        "",
        "Exit codes: 0 success, 1 training failed (e.g. diverged), 2 bad usage, config or data."})
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** With --resume, --conf defaults to the run's own config.properties. */
  @Mixin
  ConfigOptions config;

  @Option(names = "--resume", paramLabel = "RUN_DIR",
      description = "Continue the run in RUN_DIR from its newest intact checkpoint.")
  String resume;

  @Option(names = "--overwrite",
      description = "Replace the run directory if it exists (refused otherwise).")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    Path file = config.conf;
    List<String> sets = new ArrayList<>(config.overrides);
    if (resume != null) {
      String dir = resume.startsWith("file:") ? resume.substring("file:".length()) : resume;
      if (file == null) {
        file = Path.of(dir, "config.properties");
        if (!Files.isReadable(file)) {
          throw new IllegalArgumentException("cannot resume: " + file + " not found; give"
              + " --conf with the run's config");
        }
      }
      sets.add(0, "run.dir=" + resume);
    } else if (file == null) {
      throw new IllegalArgumentException("give --conf FILE (see conf/) or --resume RUN_DIR");
    }
    Settings settings = Settings.load(file, sets);
    Stages stages = Stages.fromProcessStart();
    try (SparkSession spark = stages.time("spark", () -> SparkSessions.create(
        "minibatch train " + settings.name(), settings.sparkSettings()))) {
      RunSummary summary = new TrainJob(settings, spark, System.err, stages)
          .run(new TrainJob.Options(resume != null, overwrite));
      System.err.println(stages.oneLine());
      spec.commandLine().getOut().println(summary.oneLine());
      spec.commandLine().getOut().flush();
    }
    return Main.OK;
  }
}
