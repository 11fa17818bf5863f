package org.minibatch.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minibatch.tune.SuccessiveHalvingTest.FakeObjective;

/** The Parzen estimator's densities by hand, and Bayesian search on toy objectives. */
class TreeParzenTest {
  private static Param param(String line) {
    return SearchSpace.parse(line, "s").params().get(0);
  }

  @Test
  void rangeDensityIsTheTruncatedParzenMixtureWithThePrior() {
    Param x = param("x = uniform(0, 1)");
    // centres 0.2 and 0.6; sigma = larger gap to a neighbour or an end: 0.4 and 0.4 (above
    // the floor (b - a) / (m + 1) = 1/3). Each normal is divided by its mass inside [0, 1]:
    //   Z1 = Phi(2) - Phi(-0.5) = 0.668712,  Z2 = Phi(1) - Phi(-1.5) = 0.774538
    //   p(0.5) = (1 + N(0.5; 0.2, 0.4) / Z1 + N(0.5; 0.6, 0.4) / Z2) / 3
    //          = (1 + 0.752844 / 0.668712 + 0.966670 / 0.774538) / 3 = 1.124624
    assertArrayEquals(new double[] {0.4, 0.4},
        TreeParzen.bandwidths(new double[] {0.2, 0.6}, 0, 1), 1e-15);
    // the derivation's six digits, so the tolerance is a unit in the sixth
    assertEquals(1.124624, TreeParzen.density(x, List.of("0.6", "0.2"), "0.5"), 1e-6);
    assertEquals(1.0, TreeParzen.density(x, List.of(), "0.9"), 1e-15, "no data: the prior");
  }

  @Test
  void logRangesAreModelledOnTheLogarithm() {
    Param lr = param("lr = loguniform(1e-3, 1)");
    // one centre at ln 0.01 in [ln 1e-3, 0]: sigma = max(gap to ends) = ln 100 = 4.60517;
    //   N(0; 0, sigma) = 1 / (sigma sqrt(2 pi)) = 0.0866292, Phi(1) - Phi(-0.5) = 0.532807
    //   p = (1 / ln 1000 + 0.0866292 / 0.532807) / 2 = (0.144765 + 0.162590) / 2 = 0.153677
    assertEquals(0.153677, TreeParzen.density(lr, List.of("0.01"), "0.01"), 1e-6);
    double[] sigmas = TreeParzen.bandwidths(new double[] {0.1, 0.11, 0.12, 0.9}, 0, 1);
    assertArrayEquals(new double[] {0.2, 0.2, 0.78, 0.78}, sigmas, 1e-12,
        "the floor (b - a) / (m + 1) = 0.2 keeps clustered centres from collapsing");
  }

  @Test
  void categoricalDensityIsThePriorPlusCounts() {
    Param opt = param("train.optimizer = sgd | adam | rmsprop");
    List<String> seen = List.of("adam", "adam", "sgd");
    assertEquals((1 / 3.0 + 2) / 4, TreeParzen.density(opt, seen, "adam"), 1e-15);
    assertEquals((1 / 3.0) / 4, TreeParzen.density(opt, seen, "rmsprop"), 1e-15);
  }

  @Test
  void theGoodSetIsTheBestFifteenPercent() {
    assertEquals(1, TreeParzen.goodCount(1));
    assertEquals(1, TreeParzen.goodCount(6));
    assertEquals(2, TreeParzen.goodCount(7));
    assertEquals(5, TreeParzen.goodCount(30));
  }

  /**
   * (x - 0.3)^2 as a loss over x in [0, 1]: after 10 random trials, the model's proposals 21-30
   * crowd round 0.3 (uniform draws land within 0.1 of it a fifth of the time, at a mean distance
   * of 0.29). TPE keeps exploring where the bad trials are sparse, so some proposals are far
   * off; the test pools 8 seeds.
   */
  @Test
  void proposalsConcentrateNearTheOptimumAfterThirtyTrials() {
    SearchSpace space = SearchSpace.parse("x = uniform(0, 1)", "toy");
    int near = 0;
    double distance = 0;
    for (long seed = 1; seed <= 8; seed++) {
      FakeObjective objective = new FakeObjective((t, e) -> square(x(t) - 0.3));
      SearchResult bayes = new BayesSearch(space, Metric.LOSS, 10, seed)
          .run(30, t -> 1, new TrialRunner(objective, 1, SearchListener.NONE));
      assertEquals(30, bayes.results().size());
      for (TrialResult r : bayes.results().subList(20, 30)) {
        double d = Math.abs(x(r.trial()) - 0.3);
        near += d <= 0.1 ? 1 : 0;
        distance += d / 80;
      }
      assertTrue(Math.abs(x(bayes.best().trial()) - 0.3) < 0.03, bayes.best().trial()
          .describe());
    }
    assertTrue(near >= 40, near + " of 80 proposals within 0.1 of the optimum");
    assertTrue(distance < 0.12, "mean distance " + distance);
  }

  /** Categories and a log range together: the model finds the good optimizer and rate. */
  @Test
  void mixedSpacesFavourTheGoodCategory() {
    SearchSpace space = SearchSpace.parse("""
        train.optimizer = sgd | momentum | adam | rmsprop
        train.optimizer.lr = loguniform(1e-4, 1)
        """, "mixed");
    FakeObjective objective = new FakeObjective((t, e) -> {
      double lr = Double.parseDouble(t.values().get("train.optimizer.lr"));
      boolean adam = t.values().get("train.optimizer").equals("adam");
      return (adam ? 0 : 1) + square(Math.log10(lr) + 2.5);
    });
    SearchResult result = new BayesSearch(space, Metric.LOSS, 8, 11)
        .run(40, t -> 1, new TrialRunner(objective, 1, SearchListener.NONE));
    long adamLate = result.results().subList(20, 40).stream()
        .filter(r -> r.trial().values().get("train.optimizer").equals("adam")).count();
    assertTrue(adamLate >= 12, adamLate + " of the last 20 use adam (a quarter at random)");
    assertEquals("adam", result.best().trial().values().get("train.optimizer"));
  }

  /**
   * On a space of lists a proposal is never a point already tried (the factorised model alone
   * proposed the same few points again and again): every point of a 24-point space comes once
   * in the first 24 trials, proposals included, and the best comes early.
   */
  @Test
  void proposalsOnAFiniteSpaceAreNewPointsUntilTheSpaceIsUsedUp() {
    SearchSpace space = SearchSpace.parse("""
        a = 1 | 2 | 3 | 4
        b = x | y | z
        c = 0 | 1
        """, "finite");
    FakeObjective objective = new FakeObjective((t, e) -> {
      Map<String, String> v = t.values();
      return Math.abs(Integer.parseInt(v.get("a")) - 3) + (v.get("b").equals("y") ? 0 : 1)
          + Integer.parseInt(v.get("c"));
    });
    SearchResult result = new BayesSearch(space, Metric.LOSS, 4, 2)
        .run(26, t -> 1, new TrialRunner(objective, 1, SearchListener.NONE));
    List<Map<String, String>> points = result.results().stream()
        .map(r -> r.trial().values()).toList();
    assertEquals(24, new java.util.HashSet<>(points.subList(0, 24)).size(), points.toString());
    assertEquals(Map.of("a", "3", "b", "y", "c", "0"), result.best().trial().values());
    int found = points.indexOf(Map.of("a", "3", "b", "y", "c", "0"));
    assertTrue(found < 12, "the optimum was trial " + (found + 1));
  }

  /** The best-first order of combinations: the largest sum of the keys' scores, unseen. */
  @Test
  void theProposalIsTheBestScoringCombinationNotYetSeen() {
    SearchSpace space = SearchSpace.parse("a = p | q\nb = r | s | t\n", "two");
    TreeParzen model = new TreeParzen(space.params(), Metric.LOSS);
    List<List<TreeParzen.Scored>> candidates = List.of(
        List.of(new TreeParzen.Scored("p", 2), new TreeParzen.Scored("q", 0.5)),
        List.of(new TreeParzen.Scored("r", 1), new TreeParzen.Scored("s", 0.9),
            new TreeParzen.Scored("t", -3)));
    assertEquals(Map.of("a", "p", "b", "r"), model.bestUnseen(candidates, Set.of()));
    // p+r taken: p+s (2.9) beats q+r (1.5)
    assertEquals(Map.of("a", "p", "b", "s"), model.bestUnseen(candidates,
        Set.of(Map.of("a", "p", "b", "r"))));
    assertEquals(Map.of("a", "q", "b", "r"), model.bestUnseen(candidates,
        Set.of(Map.of("a", "p", "b", "r"), Map.of("a", "p", "b", "s"))));
    // all six taken: the best, again
    Set<Map<String, String>> all = new java.util.HashSet<>();
    for (String a : List.of("p", "q")) {
      for (String b : List.of("r", "s", "t")) {
        all.add(Map.of("a", a, "b", b));
      }
    }
    assertEquals(Map.of("a", "p", "b", "r"), model.bestUnseen(candidates, all));
  }

  @Test
  void theSameSeedGivesTheSameTrialsAtAnyParallelism() {
    SearchSpace space = SearchSpace.parse("""
        a = 1..6
        b = loguniform_int(8, 512)
        c = x | y | z
        """, "ints");
    for (int parallel : new int[] {1, 3}) {
      List<Map<String, String>> first = bayesTrials(space, 3, parallel);
      assertEquals(first, bayesTrials(space, 3, parallel), "parallel " + parallel);
      assertNotEquals(first, bayesTrials(space, 4, parallel));
      for (Map<String, String> p : first) {
        int a = Integer.parseInt(p.get("a"));
        int b = Integer.parseInt(p.get("b"));
        assertTrue(a >= 1 && a <= 6 && b >= 8 && b <= 512, p.toString());
      }
    }
    // the first --initial trials are random search's own draws for the seed
    assertEquals(space.sample(5, 3), bayesTrials(space, 3, 1).subList(0, 5));
  }

  private static List<Map<String, String>> bayesTrials(SearchSpace space, long seed,
      int parallel) {
    FakeObjective objective = new FakeObjective((t, e) -> Integer.parseInt(t.values().get("a"))
        + Math.abs(Math.log(Integer.parseInt(t.values().get("b")) / 64.0)));
    return new BayesSearch(space, Metric.LOSS, 5, seed)
        .run(20, t -> 1, new TrialRunner(objective, parallel, SearchListener.NONE))
        .results().stream().map(r -> r.trial().values()).toList();
  }

  private static double x(Trial t) {
    return Double.parseDouble(t.values().get("x"));
  }

  private static double meanDistance(List<TrialResult> rows) {
    return rows.stream().mapToDouble(r -> Math.abs(x(r.trial()) - 0.3)).average().orElseThrow();
  }

  private static double square(double v) {
    return v * v;
  }
}
