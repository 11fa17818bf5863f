package org.minibatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code minibatch} command line: a thin dispatcher to one class per subcommand. Exit codes:
 * 0 success, 1 failure while running, 2 bad usage (unknown options, missing values, specs that
 * do not parse or hold values out of range), each with a one-line message.
 */
@Command(name = "minibatch", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    description = "Mini-batch gradient descent for feed-forward neural networks on Apache Spark.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
        TuneCommand.class, CompareCommand.class, TrajectoryCommand.class, ScheduleCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch train --conf conf/fashion-mnist.properties",
        "  minibatch evaluate --model runs/fashion-mnist-20261122-101500 \\",
        "      --data /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
        "  minibatch tune --conf conf/fashion-mnist.properties \\",
        "      --space conf/fashion-mnist-space.properties --strategy halving \\",
        "      --set data.validation_fraction=0.1 --set train.max_epochs=3",
        "  minibatch compare --conf conf/fashion-mnist.properties --set train.max_epochs=3 \\",
        "      --optimizers 'sgd(lr=0.1)' 'momentum(lr=0.05)' 'adam(lr=0.001)'",
        "  minibatch trajectory --function rosenbrock --start -1.5,2 --steps 300 \\",
        "      --optimizer 'momentum(lr=0.001)' --optimizer 'adam(lr=0.05)' \\",
        "      --out paths.csv --plot paths.png",
        "  minibatch schedule --schedule 'warmup(steps=100,then=cosine(lr=0.1,steps=900))' \\",
        "      --steps 1000 --out lr.csv --plot lr.png",
        "  minibatch help trajectory",
        "",
        "Exit codes: 0 success, 1 failure, 2 bad usage."})
public final class Main implements Callable<Integer> {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "no command given; choose one of: "
        + String.join(", ", spec.subcommands().keySet()));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and for tests (set out and err on it). */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setParameterExceptionHandler(Main::badUsage);
    cmd.setExecutionExceptionHandler(Main::failed);
    return cmd;
  }

  private static int badUsage(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return USAGE;
  }

  /**
   * Bad values found while running (specs, config, data: an IllegalArgumentException, also when
   * a Spark task threw it) are usage errors; anything else fails.
   */
  private static int failed(Exception e, CommandLine cmd, ParseResult parsed) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException bad) {
        return badUsage(new ParameterException(cmd, bad.getMessage(), bad), new String[0]);
      }
    }
    PrintWriter err = cmd.getErr();
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: "
        + e.getClass().getSimpleName() + message);
    if (System.getenv("MINIBATCH_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  /** The version from the jar manifest, when there is one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"minibatch " + (version != null ? version : "(development build)")};
    }
  }
}
