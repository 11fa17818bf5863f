package org.minibatch.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.minibatch.tune.SuccessiveHalving.Rung;
import org.minibatch.tune.SuccessiveHalvingTest.FakeObjective;

/** Hyperband's brackets against the paper's table, and its runs on a fake objective. */
class HyperbandTest {
  /** Li et al. 2018, Table 1: R = 81, eta = 3, the (n_i, r_i) of every bracket s = 4..0. */
  @Test
  void bracketsAreThePapersTableForR81Eta3() {
    Hyperband hb = new Hyperband(3, 1, 81);
    assertEquals(4, hb.sMax());
    List<List<Rung>> table = List.of(
        List.of(rung(81, 1), rung(27, 3), rung(9, 9), rung(3, 27), rung(1, 81)),
        List.of(rung(34, 3), rung(11, 9), rung(3, 27), rung(1, 81)),
        List.of(rung(15, 9), rung(5, 27), rung(1, 81)),
        List.of(rung(8, 27), rung(2, 81)),
        List.of(rung(5, 81)));
    List<Hyperband.Bracket> brackets = hb.brackets();
    assertEquals(5, brackets.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(4 - i, brackets.get(i).s());
      assertEquals(table.get(i), brackets.get(i).rungs(), "bracket s=" + (4 - i));
    }
    // survivors continue: bracket 4 trains 81 x 1 + 27 x 2 + 9 x 6 + 3 x 18 + 1 x 54
    assertEquals(297, brackets.get(0).epochs(), 1e-9);
    assertEquals(34 * 3 + 11 * 6 + 3 * 18 + 54, brackets.get(1).epochs(), 1e-9);
    assertEquals(15 * 9 + 5 * 18 + 54, brackets.get(2).epochs(), 1e-9);
    assertEquals(8 * 27 + 2 * 54, brackets.get(3).epochs(), 1e-9);
    assertEquals(5 * 81, brackets.get(4).epochs(), 1e-9);
    assertEquals(297 + 276 + 279 + 324 + 405, hb.plannedEpochs(), 1e-9);
  }

  @Test
  void rMinInEpochsScalesTheBudgets() {
    // R = 9 epochs from r_min = 1/3: the same table as 27 units of a third
    Hyperband hb = new Hyperband(3, 1.0 / 3, 9);
    assertEquals(3, hb.sMax());
    assertEquals(List.of(27, 12, 6, 4), hb.brackets().stream().map(Hyperband.Bracket::trials)
        .toList());
    assertEquals(1.0 / 3, hb.brackets().get(0).rungs().get(0).budget(), 1e-12);
    assertEquals(9, hb.brackets().get(3).rungs().get(0).budget(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Hyperband(1, 1, 9));
    assertEquals("--eta must be at least 2, got 1", e.getMessage());
  }

  @Test
  void onePassRunsEveryBracketWithFreshTrials() {
    FakeObjective objective = new FakeObjective((t, epochs) -> index(t) % 7 + epochs / 100);
    List<Trial> drawn = new ArrayList<>();
    SearchResult result = new Hyperband(3, 1, 81).run(id -> draw(id, drawn),
        new TrialRunner(objective, 1, SearchListener.NONE), Metric.ACCURACY);
    assertEquals(81 + 34 + 15 + 8 + 5, result.trials());
    assertEquals(143, drawn.size());
    Map<Integer, Long> rowsPerBracket = result.results().stream().collect(Collectors
        .groupingBy(TrialResult::bracket, TreeMap::new, Collectors.counting()));
    assertEquals(Map.of(0, 121L, 1, 49L, 2, 21L, 3, 10L, 4, 5L), rowsPerBracket);
    assertEquals(297 + 276 + 279 + 324 + 405, result.totalEpochs(), 1e-9);
    assertEquals(result.totalEpochs(), objective.epochs, 1e-9, "promoted trials continue");
    assertEquals(143, objective.released.size(), "every trial is released");
    // the best trial (index % 7 == 6) that reached the full budget wins
    assertEquals(81, result.best().budget(), 0);
    assertEquals(6, index(result.best().trial()) % 7);
  }

  @Test
  void anEpochBudgetStopsThePassesWithoutGoingOver() {
    for (double budget : new double[] {100, 1000, 2500}) {
      FakeObjective objective = new FakeObjective((t, epochs) -> index(t) % 5 + epochs);
      TrialRunner runner = new TrialRunner(objective, 2, SearchListener.NONE, budget);
      SearchResult result = new Hyperband(3, 1, 81).run(id -> draw(id, new ArrayList<>()),
          runner, Metric.ACCURACY);
      assertTrue(result.totalEpochs() <= budget + 1e-9, result.totalEpochs() + " > " + budget);
      assertTrue(runner.exhausted());
      assertTrue(result.totalEpochs() > budget - 81 - 1e-9,
          "stops only when the next trial would not fit: " + result.totalEpochs());
    }
    // 2500 epochs is more than one pass (1581): the second pass starts with bracket s = 4 again
    FakeObjective objective = new FakeObjective((t, epochs) -> epochs);
    SearchResult twice = new Hyperband(3, 1, 81).run(id -> draw(id, new ArrayList<>()),
        new TrialRunner(objective, 1, SearchListener.NONE, 2500), Metric.ACCURACY);
    assertTrue(twice.results().stream().anyMatch(r -> r.bracket() == 5 && r.budget() == 1));
  }

  private static Rung rung(int trials, double budget) {
    return new Rung(trials, budget);
  }

  private static Trial draw(int id, List<Trial> drawn) {
    Trial t = new Trial(id, Map.of("i", String.valueOf(id)));
    drawn.add(t);
    return t;
  }

  private static int index(Trial t) {
    return SuccessiveHalvingTest.index(t);
  }
}
