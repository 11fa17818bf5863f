package org.minibatch.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
  private static final String SPACE = """
      # optimizer x learning rate
      train.optimizer    = sgd | momentum | adam
      train.optimizer.lr = 0.1 | 0.01

      model.hidden = 128 | 256,128
      """;

  @Test
  void parsesListsInFileOrder() {
    SearchSpace space = SearchSpace.parse(SPACE, "s.properties");
    assertEquals(List.of("train.optimizer", "train.optimizer.lr", "model.hidden"),
        space.keys());
    assertEquals(List.of("sgd", "momentum", "adam"), space.params().get(0).values());
    assertEquals(List.of("128", "256,128"), space.params().get(2).values());
    assertTrue(space.finite());
    assertFalse(space.params().get(0).numeric());
    assertTrue(space.params().get(1).numeric());
    assertFalse(space.params().get(1).logScale(), "a factor of 10 stays linear");
  }

  @Test
  void gridIsTheProductWithTheLastKeyVaryingFastest() {
    List<Map<String, String>> grid = SearchSpace.parse(SPACE, "s").grid();
    assertEquals(12, grid.size());
    assertEquals(Map.of("train.optimizer", "sgd", "train.optimizer.lr", "0.1",
        "model.hidden", "128"), grid.get(0));
    assertEquals(Map.of("train.optimizer", "sgd", "train.optimizer.lr", "0.1",
        "model.hidden", "256,128"), grid.get(1));
    assertEquals(Map.of("train.optimizer", "sgd", "train.optimizer.lr", "0.01",
        "model.hidden", "128"), grid.get(2));
    assertEquals(Map.of("train.optimizer", "adam", "train.optimizer.lr", "0.01",
        "model.hidden", "256,128"), grid.get(11));
    assertEquals(List.of("train.optimizer", "train.optimizer.lr", "model.hidden"),
        List.copyOf(grid.get(5).keySet()), "points keep the file's key order");
    assertEquals(12, new HashSet<>(grid).size());
  }

  @Test
  void randomSamplesAreReproducibleAndInRange() {
    SearchSpace space = SearchSpace.parse("""
        train.optimizer = sgd | adam
        train.optimizer.lr = loguniform(1e-4, 0.1)
        train.weight_decay = uniform(0, 0.01)
        """, "r");
    List<Map<String, String>> a = space.sample(200, 7);
    assertEquals(a, space.sample(200, 7));
    assertNotEquals(a, space.sample(200, 8));
    Set<String> optimizers = new HashSet<>();
    int below1e3 = 0;
    for (Map<String, String> p : a) {
      optimizers.add(p.get("train.optimizer"));
      double lr = Double.parseDouble(p.get("train.optimizer.lr"));
      double wd = Double.parseDouble(p.get("train.weight_decay"));
      assertTrue(lr >= 1e-4 && lr <= 0.1, "lr " + lr);
      assertTrue(wd >= 0 && wd <= 0.01, "weight decay " + wd);
      assertEquals(new BigDecimal(lr).round(new MathContext(Param.DIGITS)).doubleValue(), lr,
          "4 significant digits: " + lr);
      if (lr < 1e-3) {
        below1e3++;
      }
    }
    assertEquals(Set.of("sgd", "adam"), optimizers);
    // log-uniform: a third of the draws fall in the lowest of the three decades
    assertTrue(below1e3 > 40 && below1e3 < 95, below1e3 + " of 200 below 1e-3");
    assertTrue(space.params().get(1).logScale());
    assertFalse(space.finite());
  }

  @Test
  void badSpacesFailWithTheLineAndTheReason() {
    assertEquals("s line 2: expected key = values, got 'train.batch_size'",
        bad("# c\ntrain.batch_size\n"));
    assertEquals("s line 3: train.batch_size is given twice (first on line 1)",
        bad("train.batch_size = 64\n\ntrain.batch_size = 128\n"));
    assertEquals("s line 1: train.batch_size has no values", bad("train.batch_size =  \n"));
    assertEquals("s line 1: train.batch_size has an empty value in '64 | | 256'",
        bad("train.batch_size = 64 | | 256"));
    assertEquals("s line 1: train.batch_size lists '64' twice", bad("train.batch_size=64|64"));
    assertEquals("s line 1: train.optimizer.lr: loguniform(a,b) needs 0 < a < b, got"
        + " loguniform(0, 0.1)", bad("train.optimizer.lr = loguniform(0, 0.1)"));
    assertEquals("s line 1: train.optimizer.lr: uniform(a,b) needs a < b, got uniform(0.5,0.1)",
        bad("train.optimizer.lr = uniform(0.5,0.1)"));
    assertEquals("s line 1: train.optimizer.lr: 'x' in uniform(x,1) is not a number",
        bad("train.optimizer.lr = uniform(x,1)"));
    assertEquals("s line 1: train.optimizer.lr: uniform takes two numbers, got uniform(1)",
        bad("train.optimizer.lr = uniform(1)"));
    assertEquals("s has no parameters: give lines such as train.batch_size = 64 | 128 | 256",
        bad("# only a comment\n\n"));
  }

  @Test
  void integerRangesEnumerateForTheGridAndSampleEveryValueEvenly() {
    SearchSpace space = SearchSpace.parse("""
        model.layers = 1..3
        model.width = uniform_int(2, 3)
        """, "i");
    assertTrue(space.finite());
    assertEquals(6, space.gridSize());
    assertEquals(List.of("1", "2", "3"), space.params().get(0).choices());
    assertEquals(Map.of("model.layers", "3", "model.width", "3"), space.grid().get(5));
    Map<String, Integer> counts = new TreeMap<>();
    for (Map<String, String> p : space.sample(3000, 11)) {
      counts.merge(p.get("model.layers"), 1, Integer::sum);
    }
    assertEquals(Set.of("1", "2", "3"), counts.keySet());
    for (int c : counts.values()) {
      // 1000 expected, a standard deviation of 26: the ends get as many as the middle
      assertTrue(c > 900 && c < 1100, counts.toString());
    }
  }

  @Test
  void logIntegerRangesSampleIntegersEvenlyOnALogScale() {
    Param width = SearchSpace.parse("model.width = loguniform_int(32, 1024)", "w").params()
        .get(0);
    assertTrue(width.integer());
    assertTrue(width.logScale());
    assertFalse(width.finite(), "grid search does not enumerate a log range");
    SplittableRandom random = new SplittableRandom(3);
    int belowGeometricMiddle = 0;
    for (int i = 0; i < 2000; i++) {
      String v = width.sample(random);
      long w = Long.parseLong(v);
      assertTrue(w >= 32 && w <= 1024, v);
      if (w <= 181) {
        belowGeometricMiddle++;
      }
    }
    // P(w <= 181) = ln(181.5 / 31.5) / ln(1024.5 / 31.5) = 0.503 (each integer owns +-0.5)
    assertTrue(belowGeometricMiddle > 900 && belowGeometricMiddle < 1120,
        belowGeometricMiddle + " of 2000 at most 181");
  }

  @Test
  void badRangesFailWithTheLineAndTheReason() {
    assertEquals("s line 2: model.layers: a..b needs a < b, got 3..1",
        bad("# depth\nmodel.layers = 3..1\n"));
    assertEquals("s line 1: model.width: uniform_int(a,b) takes whole numbers, got"
        + " uniform_int(1.5, 4)", bad("model.width = uniform_int(1.5, 4)"));
    assertEquals("s line 1: model.width: loguniform_int(a,b) needs 1 <= a < b, got"
        + " loguniform_int(0, 64)", bad("model.width = loguniform_int(0, 64)"));
    assertEquals("s line 1: model.width: loguniform_int takes two numbers, got"
        + " loguniform_int(8, 16, 32)", bad("model.width = loguniform_int(8, 16, 32)"));
  }

  @Test
  void gridNeedsFiniteListsAndRandomNeedsTrials() {
    SearchSpace space = SearchSpace.parse("train.optimizer = sgd | adam\n"
        + "train.optimizer.lr = loguniform(1e-4, 0.1)\n", "s");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, space::grid);
    assertEquals("grid search needs finite lists, but train.optimizer.lr is"
        + " loguniform(1e-4, 0.1); list its values with '|' (or give an integer range a..b),"
        + " or use a sampling strategy (random, hyperband, bayes, genetic, or halving with"
        + " --trials)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> space.sample(0, 1));
    assertEquals("--trials must be at least 1, got 0", e.getMessage());
  }

  @Test
  void wideNumericListsGetALogAxis() {
    Param rates = SearchSpace.parse("train.optimizer.lr = 0.3 | 0.01 | 0.001", "s").params()
        .get(0);
    assertTrue(rates.numeric());
    assertTrue(rates.logScale());
  }

  private static String bad(String text) {
    return assertThrows(IllegalArgumentException.class, () -> SearchSpace.parse(text, "s"))
        .getMessage();
  }

  @Test
  void randomDrawsDoNotRepeatAPointUntilTheSpaceIsUsedUp() {
    SearchSpace space = SearchSpace.parse("a = 1 | 2 | 3\nb = x | y\n", "six");
    List<Map<String, String>> draws = space.sample(8, 5);
    assertEquals(6, new java.util.HashSet<>(draws.subList(0, 6)).size(), draws.toString());
    assertEquals(draws, space.sample(8, 5), "the same seed, the same draws");
    // a space of ranges: draws are all new as before
    SearchSpace ranges = SearchSpace.parse("lr = loguniform(1e-4, 1)", "r");
    assertEquals(50, new java.util.HashSet<>(ranges.sample(50, 1)).size());
  }
}
