package org.minibatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.optim.schedule.Schedules;
import org.minibatch.report.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code minibatch schedule}: a learning-rate schedule's rate at every step, as CSV and PNG. */
@Command(name = "schedule", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    versionProvider = Main.Version.class,
    header = "Write a learning-rate schedule's rates as CSV and PNG.",
    description = {
        "Writes CSV with header step,lr for steps 1..N, values at full double precision.",
        "",
        "Schedules: constant, inverse_time(delta), step(gamma,every), multistep(gamma,"
            + "milestones=[...]), exponential(gamma), cyclic(mode,base,max,half_cycle,gamma),"
            + " cosine(min,steps), cosine_restarts(min,t0,t_mult), warmup(steps,then=SPEC);"
            + " all take lr (cyclic: max), which defaults to --lr.",
        ""},
    footerHeading = "%nExamples:%n",
    footer = {
        "  minibatch schedule \\",
        "      --schedule 'cyclic(mode=triangular2,base=1e-4,max=1e-2,half_cycle=200)' \\",
        "      --steps 1200 --out cyclic.csv --plot cyclic.png",
        "  minibatch schedule --schedule 'cosine_restarts(t0=100,t_mult=2)' --lr 0.1 \\",
        "      --steps 700 --out -"})
final class ScheduleCommand implements Callable<Integer> {
  /** Charts of longer schedules keep each bucket's extremes instead of every step. */
  static final int MAX_PLOT_POINTS = 20_000;

  @Spec
  CommandSpec spec;

  @Option(names = "--schedule", required = true, paramLabel = "SPEC",
      description = "Schedule spec, e.g. 'step(lr=0.1,gamma=0.5,every=1000)'.")
  String schedule;

  @Option(names = "--steps", required = true, paramLabel = "N",
      description = "Number of steps (at least 1).")
  long steps;

  @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.01",
      description = "The rate a spec without lr starts from, as an optimizer's would"
          + " (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv",
      description = "CSV file to write, or - for standard output.")
  String out;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the rates.")
  Path plot;

  @Override
  public Integer call() throws IOException {
    if (steps < 1) {
      throw new ParameterException(spec.commandLine(),
          "--steps must be at least 1, got " + steps);
    }
    Schedule parsed;
    try {
      parsed = Schedules.parse(schedule, lr);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(),
          "Invalid value for option '--schedule' (SPEC): " + e.getMessage(), e, null, schedule);
    }
    try (Writer w = Output.open(out, spec.commandLine())) {
      w.write("step,lr\n");
      for (long s = 1; s <= steps; s++) {
        w.write(s + "," + Converters.number(parsed.rate(s)) + "\n");
      }
    }
    PrintWriter messages = Output.messages(out, spec.commandLine());
    if (!out.equals("-")) {
      messages.println("wrote " + out + " (" + parsed + ")");
    }
    if (plot != null) {
      Charts.savePng(chart(parsed), plot);
      messages.println("wrote " + plot);
    }
    messages.flush();
    return Main.OK;
  }

  private XYChart chart(Schedule parsed) {
    int buckets = (int) Math.min(steps, MAX_PLOT_POINTS / 2);
    double[] x = new double[2 * buckets];
    double[] y = new double[2 * buckets];
    int n = 0;
    for (int b = 0; b < buckets; b++) {
      long from = 1 + steps * b / buckets;
      long to = steps * (b + 1) / buckets;
      long lowStep = from;
      long highStep = from;
      for (long s = from; s <= to; s++) {
        double r = parsed.rate(s);
        lowStep = r < parsed.rate(lowStep) ? s : lowStep;
        highStep = r > parsed.rate(highStep) ? s : highStep;
      }
      long first = Math.min(lowStep, highStep);
      long second = Math.max(lowStep, highStep);
      x[n] = first;
      y[n++] = parsed.rate(first);
      if (second != first) {
        x[n] = second;
        y[n++] = parsed.rate(second);
      }
    }
    XYChart chart = Charts.lineChart(parsed.toString(), "step", "learning rate", 900, 500);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setYAxisDecimalPattern("0.######");
    Charts.line(chart, "lr", Arrays.copyOf(x, n), Arrays.copyOf(y, n), Charts.color(0), 2f);
    return chart;
  }
}
