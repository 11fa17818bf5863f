package org.minibatch.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleBiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Successive halving's bookkeeping on a fake objective: no Spark, no training. */
class SuccessiveHalvingTest {
  /**
   * A learning curve per trial, metric(trial, epochs); remembers how far each trial trained and
   * fails if a trial restarts, shrinks its budget or runs after being released.
   */
  static final class FakeObjective implements Objective {
    final ToDoubleBiFunction<Trial, Double> curve;
    final Map<Integer, Double> trained = new ConcurrentHashMap<>();
    final Set<Integer> released = ConcurrentHashMap.newKeySet();
    final AtomicInteger calls = new AtomicInteger();
    double epochs;

    FakeObjective(ToDoubleBiFunction<Trial, Double> curve) {
      this.curve = curve;
    }

    @Override
    public synchronized Outcome run(Trial trial, double budget) {
      if (released.contains(trial.id())) {
        throw new AssertionError("trial " + trial.id() + " runs after its release");
      }
      double before = trained.getOrDefault(trial.id(), 0.0);
      if (!(budget > before)) {
        throw new AssertionError("trial " + trial.id() + " from " + before + " to " + budget);
      }
      epochs += budget - before;
      trained.put(trial.id(), budget);
      calls.incrementAndGet();
      return new Outcome(curve.applyAsDouble(trial, budget), budget, 0, Outcome.OK);
    }

    @Override
    public void release(Trial trial) {
      released.add(trial.id());
    }
  }

  static List<Trial> trials(int n) {
    List<Trial> trials = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      trials.add(new Trial(i, Map.of("i", String.valueOf(i))));
    }
    return trials;
  }

  static int index(Trial t) {
    return Integer.parseInt(t.values().get("i"));
  }

  @Test
  void defaultBudgetsEndAtTheMaximum() {
    assertEquals(1.0, SuccessiveHalving.defaultMinBudget(27, 3, 27), 0);
    assertEquals(List.of(new SuccessiveHalving.Rung(27, 1), new SuccessiveHalving.Rung(9, 3),
        new SuccessiveHalving.Rung(3, 9), new SuccessiveHalving.Rung(1, 27)),
        new SuccessiveHalving(3, 1, 27).plan(27));
    // 27 x 1 + 9 x (3 - 1) + 3 x (9 - 3) + 1 x (27 - 9), a ninth of the grid's 27 x 27
    assertEquals(81, SuccessiveHalving.plannedEpochs(new SuccessiveHalving(3, 1, 27).plan(27)),
        1e-12);

    double third = SuccessiveHalving.defaultMinBudget(24, 3, 3);
    assertEquals(1.0 / 3, third, 1e-15);
    List<SuccessiveHalving.Rung> plan = new SuccessiveHalving(3, third, 3).plan(24);
    assertEquals(List.of(24, 8, 2), plan.stream().map(SuccessiveHalving.Rung::trials).toList());
    assertEquals(1.0, plan.get(1).budget(), 1e-12);
    assertEquals(3.0, plan.get(2).budget(), 0, "the last budget is exactly the maximum");
    assertEquals(8 + 16.0 / 3 + 4, SuccessiveHalving.plannedEpochs(plan), 1e-12);

    assertEquals(List.of(new SuccessiveHalving.Rung(2, 4)),
        new SuccessiveHalving(3, SuccessiveHalving.defaultMinBudget(2, 3, 4), 4).plan(2));
    // a budget past the maximum is cut to it, and that round is the last
    assertEquals(List.of(new SuccessiveHalving.Rung(100, 1), new SuccessiveHalving.Rung(33, 3),
        new SuccessiveHalving.Rung(11, 9), new SuccessiveHalving.Rung(3, 10)),
        new SuccessiveHalving(3, 1, 10).plan(100));
    // and a round with one trial left is the last, whatever the budget
    assertEquals(List.of(new SuccessiveHalving.Rung(4, 1), new SuccessiveHalving.Rung(1, 4)),
        new SuccessiveHalving(4, 1, 64).plan(4));
  }

  @Test
  void promotesTheBestThirdAndContinuesThem() {
    // metric = q - d / epochs: trials 1..3 learn fastest, trial 9 would be best in the end
    FakeObjective objective = new FakeObjective((t, b) -> 0.5 + 0.05 * index(t)
        - 0.075 * index(t) / b);
    List<String> rounds = new ArrayList<>();
    SearchListener listener = new SearchListener() {
      @Override
      public void rungStarted(int rung, int trials, double budget) {
        rounds.add(rung + ":" + trials + "@" + budget);
      }
    };
    SearchResult result = new SuccessiveHalving(3, 1, 9)
        .run(trials(9), new TrialRunner(objective, 1, listener), Metric.ACCURACY);
    assertEquals(List.of("0:9@1.0", "1:3@3.0", "2:1@9.0"), rounds);
    assertEquals(13, result.results().size());
    assertEquals(List.of(1, 2, 3), ids(result, 1));
    assertEquals(List.of(3), ids(result, 2));
    assertEquals(3, result.best().trial().id());
    assertEquals(9, result.best().budget(), 0);
    // 9 x 1 + 3 x (3 - 1) + 1 x (9 - 3): promoted trials continue, they are not retrained
    assertEquals(21, result.totalEpochs(), 1e-12);
    assertEquals(21, objective.epochs, 1e-12);
    assertEquals(13, objective.calls.get());
    assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9), objective.released);
    assertEquals(9, result.trials());
  }

  @Test
  void lossIsMinimisedAndDivergedTrialsAreNeverPromoted() {
    // loss: lower is better; trial 2 diverges (NaN), trial 5 is best throughout
    FakeObjective objective = new FakeObjective((t, b) -> index(t) == 2 ? Double.NaN
        : Math.abs(index(t) - 5) + 1 / b);
    SearchResult result = new SuccessiveHalving(2, 1, 4)
        .run(trials(6), new TrialRunner(objective, 1, SearchListener.NONE), Metric.LOSS);
    assertEquals(List.of(4, 5, 6), ids(result, 1));
    assertEquals(List.of(5), ids(result, 2));
    assertEquals(5, result.best().trial().id());
    assertEquals(6 + 3 + 2, result.totalEpochs(), 1e-12);
  }

  @Test
  void parallelTrialsRunAtTheSameTime() {
    CyclicBarrier pair = new CyclicBarrier(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Objective objective = (trial, budget) -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        // only returns when another trial is running too
        pair.await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("trial " + trial.id() + " ran alone", e);
      } finally {
        running.decrementAndGet();
      }
      return new Outcome(trial.id(), budget, 0, Outcome.OK);
    };
    SearchResult result = FullSearch.run("grid", trials(6), t -> 2,
        new TrialRunner(objective, 2, SearchListener.NONE), Metric.ACCURACY);
    assertEquals(2, most.get());
    assertEquals(List.of(1, 2, 3, 4, 5, 6), ids(result, 0), "results in trial order");
    assertEquals(6, result.best().trial().id());
    assertEquals(12, result.totalEpochs(), 0);
    assertEquals(2, result.parallel());
  }

  @Test
  void aFailingTrialStopsTheSearchWithItsException() {
    Objective objective = (trial, budget) -> {
      if (trial.id() == 3) {
        throw new IllegalArgumentException("bad value in trial 3");
      }
      return new Outcome(0.5, budget, 0, Outcome.OK);
    };
    for (int parallel : new int[] {1, 2}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new SuccessiveHalving(3, 1, 3).run(trials(4),
              new TrialRunner(objective, parallel, SearchListener.NONE), Metric.ACCURACY));
      assertEquals("bad value in trial 3", e.getMessage());
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertEquals("--eta must be at least 2, got 1", assertThrows(
        IllegalArgumentException.class, () -> new SuccessiveHalving(1, 1, 3)).getMessage());
    assertEquals("--eta must be at least 2, got 1", assertThrows(
        IllegalArgumentException.class, () -> SuccessiveHalving.defaultMinBudget(9, 1, 3))
        .getMessage());
    assertEquals("--min-epochs must be in (0, 3] (the maximum budget, train.max_epochs), got 5",
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving(3, 5, 3))
            .getMessage());
    assertEquals("--parallel must be at least 1, got 0", assertThrows(
        IllegalArgumentException.class,
        () -> new TrialRunner((t, b) -> null, 0, SearchListener.NONE)).getMessage());
    assertFalse(new Outcome(Double.NaN, 1, 0, Outcome.DIVERGED).ok());
    assertTrue(Metric.ACCURACY.higherIsBetter());
  }

  private static List<Integer> ids(SearchResult result, int rung) {
    return result.results().stream().filter(r -> r.rung() == rung).map(r -> r.trial().id())
        .sorted().collect(Collectors.toList());
  }
}
