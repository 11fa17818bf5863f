package org.minibatch.optim.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.schedule.Schedules;

/** The behaviour the lectures show on the test functions, as checks. */
class ConvergenceTest {

  static Trajectory run(TestFunction f, double x0, double y0, String optimizer, int steps) {
    Optimizer opt = Optimizers.parse(optimizer);
    return Trajectory.run(f, x0, y0, opt, Schedules.parse("constant", opt.learningRate()), steps);
  }

  @Test
  void momentumAndNesterovCrossTheRavineFasterThanSgd() {
    // x^2 + 50y^2 from (-4, 1): with eta = 0.01 the steep y direction is stable for all three,
    // and plain steps crawl along x by a factor 0.98 per step.
    int sgd = run(TestFunction.RAVINE, -4, 1, "sgd(lr=0.01)", 5000).firstStepBelow(1e-6);
    int momentum = run(TestFunction.RAVINE, -4, 1, "momentum(lr=0.01,gamma=0.9)", 5000)
        .firstStepBelow(1e-6);
    int nesterov = run(TestFunction.RAVINE, -4, 1, "nesterov(lr=0.01,gamma=0.9)", 5000)
        .firstStepBelow(1e-6);
    System.out.printf("ravine, loss < 1e-6 after: sgd %d, momentum %d, nesterov %d steps%n",
        sgd, momentum, nesterov);
    assertTrue(sgd > 0, "sgd converges at all");
    assertTrue(momentum > 0 && momentum < sgd, "momentum " + momentum + " vs sgd " + sgd);
    assertTrue(nesterov > 0 && nesterov < sgd, "nesterov " + nesterov + " vs sgd " + sgd);
  }

  @Test
  void adaptiveRatesEscapeTheSaddleWhereSgdStalls() {
    // x^2 - y^2 from (1, 1e-8): the gradient along y is 2e-8, so gradient descent barely
    // moves off the ridge, while adam and rmsprop normalize the step per coordinate.
    int steps = 60;
    Trajectory sgd = run(TestFunction.SADDLE, 1, 1e-8, "sgd(lr=0.1)", steps);
    Trajectory adam = run(TestFunction.SADDLE, 1, 1e-8, "adam(lr=0.1)", steps);
    Trajectory rmsprop = run(TestFunction.SADDLE, 1, 1e-8, "rmsprop(lr=0.1)", steps);
    System.out.printf("saddle after %d steps: |y| sgd %.3g, adam %.3g, rmsprop %.3g%n", steps,
        Math.abs(sgd.y()[steps]), Math.abs(adam.y()[steps]), Math.abs(rmsprop.y()[steps]));
    assertTrue(Math.abs(sgd.y()[steps]) < 1e-3, "sgd still on the ridge");
    for (Trajectory escaped : new Trajectory[] {adam, rmsprop}) {
      assertTrue(Math.abs(escaped.y()[steps]) > 1, escaped.label() + " left the saddle");
      assertTrue(escaped.loss()[steps] < -1, escaped.label() + " went downhill");
    }
  }

  @Test
  void nesterovGetsTheGradientAtTheLookAhead() {
    // One step on the ravine from the optimizer's state after a first step: the second update
    // must use grad f(theta - gamma*h), not grad f(theta).
    Trajectory t = run(TestFunction.RAVINE, -4, 1, "nesterov(lr=0.01,gamma=0.5)", 2);
    double h1x = 0.01 * (2 * -4.0);
    double h1y = 0.01 * (100 * 1.0);
    double x1 = -4 - h1x;
    double y1 = 1 - h1y;
    double h2x = 0.5 * h1x + 0.01 * (2 * (x1 - 0.5 * h1x));
    double h2y = 0.5 * h1y + 0.01 * (100 * (y1 - 0.5 * h1y));
    assertArrayEquals(new double[] {-4, x1, x1 - h2x}, t.x(), 1e-12);
    assertArrayEquals(new double[] {1, y1, y1 - h2y}, t.y(), 1e-12);
  }

  @Test
  void trajectoryRowsAndDivergence() {
    Trajectory t = run(TestFunction.ROSENBROCK, -1.5, 2, "adam(lr=0.05)", 10);
    assertEquals(10, t.steps());
    assertEquals(TestFunction.ROSENBROCK.value(-1.5, 2), t.loss()[0], 0);
    assertTrue(Double.isNaN(t.lr()[0]));
    assertEquals(0.05, t.lr()[10], 0);
    assertFalse(t.diverged());
    Trajectory blownUp = run(TestFunction.RAVINE, -4, 1, "sgd(lr=1)", 2000);
    assertTrue(blownUp.diverged());
    assertTrue(blownUp.steps() < 2000);
    assertTrue(Double.isFinite(blownUp.loss()[blownUp.steps()]));
  }
}
