package org.minibatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.functions.TestFunction;
import org.minibatch.optim.functions.Trajectory;
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.optim.schedule.Schedules;
import org.minibatch.report.Charts;
import org.minibatch.report.TrajectoryPlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code minibatch trajectory}: optimizers walking on a 2-D test function, as CSV and PNG. */
@Command(name = "trajectory", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Run optimizers on a 2-D test function; write their paths as CSV and PNG.",
    description = {
        "Writes CSV with header step,x,y,loss,lr: step 0 is the start point (its lr is empty),"
            + " values at full double precision. With several --optimizer options the CSV"
            + " starts with an optimizer column holding each one's spec, and --plot draws all"
            + " paths over the function's contour plot.",
        "",
        "Functions:",
        "  rosenbrock  (1-x)^2 + 100(y-x^2)^2                              min 0 at (1,1)",
        "  beale       (1.5-x+xy)^2 + (2.25-x+xy^2)^2 + (2.625-x+xy^3)^2   min 0 at (3,0.5)",
        "  himmelblau  (x^2+y-11)^2 + (x+y^2-7)^2                          4 minima of 0",
        "  saddle      x^2 - y^2                                           saddle at (0,0)",
        "  ravine      x^2 + 50y^2                                         min 0 at (0,0)",
        "",
        "Optimizers: sgd, sign_sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw,"
            + " adamax, amsgrad, nadam, lazy_adam (see README for their keys).",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch trajectory --function ravine --start -4,1 --steps 200 \\",
        "      --optimizer 'sgd(lr=0.01)' --optimizer 'momentum(lr=0.01)' \\",
        "      --optimizer 'nesterov(lr=0.01)' --out ravine.csv --plot ravine.png",
        "  minibatch trajectory --function saddle --start 1,1e-8 --steps 60 \\",
        "      --optimizer 'adam(lr=0.1)' --schedule 'cosine(steps=60)' --out -"})
final class TrajectoryCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--function", required = true, paramLabel = "F",
      converter = Converters.Function.class,
      description = "rosenbrock, beale, himmelblau, saddle or ravine.")
  TestFunction function;

  @Option(names = "--start", required = true, paramLabel = "X,Y",
      converter = Converters.PointConverter.class, description = "Start point, e.g. -1.5,2.")
  Converters.Point start;

  @Option(names = "--steps", required = true, paramLabel = "N",
      description = "Number of steps (at least 1).")
  int steps;

  @Option(names = "--optimizer", required = true, paramLabel = "SPEC",
      converter = Converters.OptimizerSpec.class,
      description = "Optimizer spec, e.g. 'adam(lr=0.05)'; repeat to compare several.")
  List<Optimizer> optimizers;

  @Option(names = "--schedule", paramLabel = "SPEC", defaultValue = "constant",
      description = "Learning-rate schedule for every optimizer; without lr it starts from each"
          + " optimizer's rate (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv",
      description = "CSV file to write, or - for standard output.")
  String out;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Also draw the paths over the function's contour plot.")
  Path plot;

  @Option(names = "--window", paramLabel = "XMIN,XMAX,YMIN,YMAX",
      converter = Converters.WindowConverter.class,
      description = "Plot region (default: the function's, widened to show the paths).")
  Converters.Window window;

  @Override
  public Integer call() throws IOException {
    if (steps < 1) {
      throw new ParameterException(spec.commandLine(),
          "--steps must be at least 1, got " + steps);
    }
    List<Trajectory> paths = new ArrayList<>();
    for (Optimizer optimizer : optimizers) {
      Schedule rates = parseSchedule(optimizer);
      paths.add(Trajectory.run(function, start.x(), start.y(), optimizer, rates, steps));
    }
    writeCsv(paths);
    PrintWriter messages = Output.messages(out, spec.commandLine());
    for (Trajectory path : paths) {
      int last = path.steps();
      messages.printf(Locale.ROOT, "%s: f = %.6g at (%.6g, %.6g) after %d steps%s%n",
          path.label(), path.loss()[last], path.x()[last], path.y()[last], last,
          path.diverged() ? " (diverged: the next point was not finite)" : "");
    }
    if (!out.equals("-")) {
      messages.println("wrote " + out);
    }
    if (plot != null) {
      Charts.savePng(TrajectoryPlot.draw(function, paths,
          window == null ? null : window.bounds()), plot);
      messages.println("wrote " + plot);
    }
    messages.flush();
    return Main.OK;
  }

  private Schedule parseSchedule(Optimizer optimizer) {
    try {
      return Schedules.parse(schedule, optimizer.learningRate());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--schedule' (SPEC): " + e.getMessage(), e, null, schedule);
    }
  }

  private void writeCsv(List<Trajectory> paths) throws IOException {
    boolean several = paths.size() > 1;
    try (Writer w = Output.open(out, spec.commandLine())) {
      w.write(several ? "optimizer,step,x,y,loss,lr\n" : "step,x,y,loss,lr\n");
      for (Trajectory path : paths) {
        String prefix = several ? Output.csvField(path.label()) + "," : "";
        for (int k = 0; k <= path.steps(); k++) {
          w.write(prefix + k + "," + Converters.number(path.x()[k]) + ","
              + Converters.number(path.y()[k]) + "," + Converters.number(path.loss()[k]) + ","
              + Converters.number(path.lr()[k]) + "\n");
        }
      }
    }
  }
}
