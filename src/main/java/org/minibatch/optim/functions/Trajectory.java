package org.minibatch.optim.functions;

import java.util.Arrays;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.schedule.Schedule;

/**
 * The path an optimizer takes on a {@link TestFunction}: row 0 is the start point, row k the
 * point after k steps, with the loss there and the rate step k used (NaN for row 0). The loop is
 * the trainer's: ask the optimizer where to evaluate (Nesterov looks ahead), take the exact
 * gradient there, step with the schedule's rate.
 *
 * @param label the optimizer's spec
 * @param diverged whether the run stopped early because a point stopped being finite
 */
public record Trajectory(String label, double[] x, double[] y, double[] loss, double[] lr,
    boolean diverged) {

  /** Runs a fresh copy of {@code optimizer} for {@code steps} steps from (x0, y0). */
  public static Trajectory run(TestFunction f, double x0, double y0, Optimizer optimizer,
      Schedule schedule, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be in [0, inf), got " + steps);
    }
    Optimizer opt = optimizer.copy();
    double[] xs = new double[steps + 1];
    double[] ys = new double[steps + 1];
    double[] losses = new double[steps + 1];
    double[] rates = new double[steps + 1];
    double[] params = {x0, y0};
    double[] scratch = new double[2];
    double[] grad = new double[2];
    xs[0] = x0;
    ys[0] = y0;
    losses[0] = f.value(x0, y0);
    rates[0] = Double.NaN;
    int rows = 1;
    for (int k = 1; k <= steps; k++) {
      double[] point = opt.evaluationPoint(params, scratch);
      f.gradient(point[0], point[1], grad);
      double rate = schedule.rate(k);
      opt.step(params, grad, rate);
      double loss = f.value(params[0], params[1]);
      if (!Double.isFinite(params[0]) || !Double.isFinite(params[1]) || !Double.isFinite(loss)) {
        break;
      }
      xs[k] = params[0];
      ys[k] = params[1];
      losses[k] = loss;
      rates[k] = rate;
      rows++;
    }
    return new Trajectory(optimizer.toString(), Arrays.copyOf(xs, rows), Arrays.copyOf(ys, rows),
        Arrays.copyOf(losses, rows), Arrays.copyOf(rates, rows), rows < steps + 1);
  }

  /** Number of steps taken (rows minus the start). */
  public int steps() {
    return x.length - 1;
  }

  /** The first step whose loss is below {@code threshold}, or -1 if none is. */
  public int firstStepBelow(double threshold) {
    for (int k = 0; k < loss.length; k++) {
      if (loss[k] < threshold) {
        return k;
      }
    }
    return -1;
  }
}
