package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State snapshots, restore, reset and copy, for every optimizer: a run interrupted after two
 * steps and resumed from its snapshot (or from a serialized copy) takes bit-identically the same
 * later steps as an uninterrupted one.
 */
class OptimizerStateTest {
  static final double[] THETA0 = {0.3, -0.7, 1.1, 0.0};

  static Iterable<String> names() {
    return Optimizers.names();
  }

  /** The gradient of a quadratic at the point the optimizer asks for. */
  static void step(Optimizer opt, double[] theta, int k) {
    double[] point = opt.evaluationPoint(theta, new double[theta.length]);
    double[] g = new double[theta.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = (i + 1) * point[i] - 0.1 * k + 0.05 * i;
    }
    opt.step(theta, g, 0.05 / k);
  }

  static double[] runSteps(Optimizer opt, double[] theta, int from, int to) {
    for (int k = from; k <= to; k++) {
      step(opt, theta, k);
    }
    return theta;
  }

  @ParameterizedTest
  @MethodSource("names")
  void restoredStateContinuesExactly(String name) {
    Optimizer opt = Optimizers.parse(name + "(clip_norm=10)");
    double[] uninterrupted = runSteps(opt, THETA0.clone(), 1, 5);

    Optimizer first = Optimizers.parse(name + "(clip_norm=10)");
    double[] theta = runSteps(first, THETA0.clone(), 1, 2);
    OptimizerState snapshot = first.state();
    assertEquals(2, snapshot.steps());
    assertEquals(first.toString(), snapshot.spec());
    runSteps(first, theta.clone(), 3, 3);
    assertEquals(2, snapshot.steps(), "a snapshot is detached from later steps");

    Optimizer resumed = Optimizers.parse(first.toString());
    resumed.restore(snapshot);
    assertEquals(2, resumed.steps());
    assertArrayEquals(uninterrupted, runSteps(resumed, theta.clone(), 3, 5), 0);
  }

  @ParameterizedTest
  @MethodSource("names")
  void serializedOptimizerContinuesExactly(String name) throws Exception {
    Optimizer opt = Optimizers.parse(name);
    double[] uninterrupted = runSteps(opt, THETA0.clone(), 1, 4);
    Optimizer first = Optimizers.parse(name);
    double[] theta = runSteps(first, THETA0.clone(), 1, 2);
    Optimizer thawed = SerializationUtils.roundtrip(first);
    assertEquals(first, thawed);
    assertArrayEquals(uninterrupted, runSteps(thawed, theta, 3, 4), 0);
    OptimizerState state = SerializationUtils.roundtrip(first.state());
    Optimizer restored = first.copy();
    restored.restore(state);
    assertEquals(2, restored.steps());
  }

  @ParameterizedTest
  @MethodSource("names")
  void resetAndCopyStartFresh(String name) {
    Optimizer opt = Optimizers.parse(name);
    double[] fresh = runSteps(opt.copy(), THETA0.clone(), 1, 3);
    runSteps(opt, THETA0.clone(), 1, 3);
    Optimizer copy = opt.copy();
    assertEquals(opt, copy);
    assertEquals(0, copy.steps());
    assertArrayEquals(fresh, runSteps(copy, THETA0.clone(), 1, 3), 0);
    opt.reset();
    assertEquals(0, opt.steps());
    assertEquals(0, opt.state().steps());
    assertArrayEquals(fresh, runSteps(opt, THETA0.clone(), 1, 3), 0);
  }

  @ParameterizedTest
  @MethodSource("names")
  void stateBelongsToItsSpec(String name) {
    Optimizer opt = Optimizers.parse(name);
    runSteps(opt, THETA0.clone(), 1, 1);
    Optimizer other = Optimizers.parse(name + "(lr=0.123)");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> other.restore(opt.state()));
    assertEquals("optimizer state belongs to " + opt + ", not to " + other, e.getMessage());
    opt.state().slots().values().forEach(a -> assertEquals(THETA0.length, a.length));
    assertTrue(opt.state().slots().values().stream().noneMatch(a -> a == null));
  }
}
