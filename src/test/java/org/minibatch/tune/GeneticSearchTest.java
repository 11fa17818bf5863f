package org.minibatch.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.minibatch.tune.SuccessiveHalvingTest.FakeObjective;

/** The genetic algorithm's operators, elitism, weight inheritance and seeding. */
class GeneticSearchTest {
  private static final SearchSpace SPACE = SearchSpace.parse("""
      train.optimizer    = sgd | momentum | adam
      train.optimizer.lr = loguniform(1e-4, 0.3)
      train.weight_decay = uniform(0, 0.001)
      model.layers       = 1..4
      model.width        = loguniform_int(32, 1024)
      train.batch_size   = 64 | 128 | 256
      """, "space");

  @Test
  void everyChildOfCrossoverAndMutationLiesInsideTheSpace() {
    GeneticSearch ga = new GeneticSearch(SPACE, Metric.ACCURACY, 8, false, 1);
    SplittableRandom random = new SplittableRandom(3);
    Map<String, Set<String>> seen = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      Trial a = new Trial(1, SPACE.draw(random));
      Trial b = new Trial(2, SPACE.draw(random));
      Map<String, String> child = ga.mutate(ga.crossover(a, b, random), random);
      assertEquals(SPACE.keys(), List.copyOf(child.keySet()));
      for (Param p : SPACE.params()) {
        String v = child.get(p.key());
        assertTrue(inside(p, v), p.key() + " = " + v + " outside " + p.text());
        seen.computeIfAbsent(p.key(), k -> new HashSet<>()).add(v);
      }
    }
    assertEquals(Set.of("sgd", "momentum", "adam"), seen.get("train.optimizer"));
    assertEquals(Set.of("1", "2", "3", "4"), seen.get("model.layers"), "the ends are reached");
    // perturbing at the ends of a range clamps instead of leaving it
    Param lr = SPACE.params().get(1);
    for (int i = 0; i < 2000; i++) {
      assertTrue(inside(lr, GeneticSearch.mutate(lr, "0.3", random)));
      assertTrue(inside(lr, GeneticSearch.mutate(lr, "0.0001", random)));
    }
  }

  @Test
  void crossoverTakesEachKeyFromAParentAndMutationChangesAboutOneKey() {
    GeneticSearch ga = new GeneticSearch(SPACE, Metric.ACCURACY, 8, false, 1);
    SplittableRandom random = new SplittableRandom(9);
    int changed = 0;
    for (int i = 0; i < 2000; i++) {
      Trial a = new Trial(1, SPACE.draw(random));
      Trial b = new Trial(2, SPACE.draw(random));
      Map<String, String> child = ga.crossover(a, b, random);
      for (String key : SPACE.keys()) {
        String v = child.get(key);
        assertTrue(v.equals(a.values().get(key)) || v.equals(b.values().get(key)), key);
      }
      Map<String, String> mutated = ga.mutate(child, random);
      for (String key : SPACE.keys()) {
        changed += mutated.get(key).equals(child.get(key)) ? 0 : 1;
      }
    }
    // each of 6 keys mutates with probability 1/6 (a mutation may land on the same value)
    assertTrue(changed > 1500 && changed < 2100, changed + " keys changed in 2000 children");
  }

  @Test
  void elitesSurviveUntrainedAndTheBestImprovesOverGenerations() {
    FakeObjective objective = new FakeObjective((t, e) -> score(t));
    SearchResult result = new GeneticSearch(SPACE, Metric.ACCURACY, 10, false, 4)
        .run(6, t -> 1, new TrialRunner(objective, 1, SearchListener.NONE));
    // generation 0 trains 10, each later one 9 children next to 1 elite: 10 + 5 x 9
    assertEquals(55, result.results().size());
    assertEquals(55, result.trials(), "every trained config is new");
    double first = result.results().subList(0, 10).stream()
        .mapToDouble(r -> r.outcome().metric()).max().orElseThrow();
    assertTrue(result.best().outcome().metric() >= first);
    double lastMean = result.results().subList(46, 55).stream()
        .mapToDouble(r -> r.outcome().metric()).average().orElseThrow();
    double firstMean = result.results().subList(0, 10).stream()
        .mapToDouble(r -> r.outcome().metric()).average().orElseThrow();
    assertTrue(lastMean > firstMean, "generation 5 averages " + lastMean + ", generation 0 "
        + firstMean);
    assertEquals(List.of(0, 1, 2, 3, 4, 5), result.results().stream().map(TrialResult::rung)
        .distinct().toList(), "the rung column is the generation");
    assertEquals(55, objective.released.size());
  }

  @Test
  void childrenOfTheSameShapeStartFromTheirParentsWeights() {
    Map<Integer, Integer> startedFrom = new ConcurrentHashMap<>();
    Set<Integer> kept = ConcurrentHashMap.newKeySet();
    Objective objective = new Objective() {
      @Override
      public Outcome run(Trial trial, double budget) {
        return new Outcome(score(trial), budget, 0, Outcome.OK);
      }

      @Override
      public Outcome runFrom(Trial trial, double budget, Trial parent) {
        assertTrue(kept.contains(parent.id()), "parent " + parent.id() + "'s weights kept");
        startedFrom.put(trial.id(), parent.id());
        return run(trial, budget);
      }

      @Override
      public boolean sameNetwork(Trial child, Trial parent) {
        return child.values().get("model.layers").equals(parent.values().get("model.layers"))
            && child.values().get("model.width").equals(parent.values().get("model.width"));
      }

      @Override
      public void keepWeights(Trial trial) {
        kept.add(trial.id());
      }
    };
    SearchResult result = new GeneticSearch(SPACE, Metric.ACCURACY, 6, true, 2)
        .run(5, t -> 1, new TrialRunner(objective, 2, SearchListener.NONE));
    assertTrue(startedFrom.size() > 3, startedFrom.size() + " children inherited");
    Map<Integer, Trial> byId = new HashMap<>();
    result.results().forEach(r -> byId.put(r.trial().id(), r.trial()));
    startedFrom.forEach((child, parent) -> {
      assertTrue(parent < child);
      assertTrue(objective.sameNetwork(byId.get(child), byId.get(parent)));
    });
  }

  @Test
  void theSameSeedGivesTheSameGenerationsAtAnyParallelism() {
    List<Map<String, String>> one = trials(7, 1);
    assertEquals(one, trials(7, 1));
    assertEquals(one, trials(7, 3), "batch-synchronous: parallelism changes nothing");
    assertNotEquals(one, trials(8, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new GeneticSearch(SPACE, Metric.ACCURACY, 1, false, 1));
    assertEquals("--population must be at least 2, got 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GeneticSearch(SPACE,
        Metric.ACCURACY, 4, false, 1).run(-1, t -> 1, new TrialRunner(new FakeObjective(
            (t, x) -> 0), 1, SearchListener.NONE)));
    assertEquals("--strategy genetic needs --generations G or --budget-epochs E",
        e.getMessage());
  }

  private static List<Map<String, String>> trials(long seed, int parallel) {
    FakeObjective objective = new FakeObjective((t, e) -> score(t));
    return new GeneticSearch(SPACE, Metric.ACCURACY, 6, false, seed)
        .run(4, t -> 1, new TrialRunner(objective, parallel, SearchListener.NONE))
        .results().stream().map(r -> r.trial().values()).toList();
  }

  /** Best at adam, lr near 0.003, 2 layers, width near 256. */
  static double score(Trial t) {
    Map<String, String> v = t.values();
    double lr = Math.log10(Double.parseDouble(v.get("train.optimizer.lr")));
    double width = Math.log(Double.parseDouble(v.get("model.width")) / 256);
    return (v.get("train.optimizer").equals("adam") ? 1 : 0) - Math.abs(lr + 2.5)
        - Math.abs(Integer.parseInt(v.get("model.layers")) - 2) - Math.abs(width) / 2;
  }

  private static boolean inside(Param p, String v) {
    if (!p.range()) {
      return p.values().contains(v);
    }
    double x = Double.parseDouble(v);
    return x >= p.low() && x <= p.high() && (!p.integer() || x == Math.rint(x));
  }
}
