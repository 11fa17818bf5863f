package org.minibatch.tune;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A genetic algorithm over configs (Holland 1975; for hyperparameters e.g. Young et al. 2015,
 * "Optimizing Deep Learning Hyper-Parameters Through an Evolutionary Algorithm"). Generation 0 is
 * {@code population} random configs; each later generation keeps the best {@code elite} of the
 * previous one as they are (elitism, not retrained) and breeds the rest:
 *
 * <ul>
 *   <li>selection: two parents, each the best of {@value #TOURNAMENT} drawn at random from the
 *       population (tournament selection);
 *   <li>crossover: each key from one parent or the other with probability 1/2 (uniform);
 *   <li>mutation: each key with probability 1/keys (at least one key when the child would repeat
 *       a config already tried): a range is resampled or, half the time, perturbed on its
 *       coordinate by N(0, (0.1 (b - a))^2) and kept inside it (in log space for log ranges);
 *       a list takes another of its values, a numeric list half the time a neighbouring one.
 * </ul>
 *
 * <p>With {@code inherit}, a child whose network has the shape of a parent's starts from that
 * parent's final weights, with a fresh optimizer (population-based training's exploit step,
 * Jaderberg et al. 2017), and trains its own full budget from there. Every child lies inside the
 * space; the search is seeded and batch-synchronous, so it is reproducible at any parallelism.
 */
public final class GeneticSearch {
  static final int TOURNAMENT = 3;
  private static final double PERTURB = 0.1;
  private static final int NOVELTY_TRIES = 20;

  private final SearchSpace space;
  private final Metric metric;
  private final int population;
  private final int elite;
  private final boolean inherit;
  private final long seed;

  public GeneticSearch(SearchSpace space, Metric metric, int population, boolean inherit,
      long seed) {
    if (population < 2) {
      throw new IllegalArgumentException("--population must be at least 2, got " + population);
    }
    this.space = space;
    this.metric = metric;
    this.population = population;
    this.elite = Math.max(1, population / 10);
    this.inherit = inherit;
    this.seed = seed;
  }

  /**
   * @param generations how many generations (generation 0 included), or -1 to breed until the
   *     runner's epoch budget ends
   * @param budget the epochs of a trial's full run
   */
  public SearchResult run(int generations, ToDoubleFunction<Trial> budget, TrialRunner runner) {
    if (generations < 0 && !runner.budgeted()) {
      throw new IllegalArgumentException("--strategy genetic needs --generations G or"
          + " --budget-epochs E");
    }
    if (generations == 0) {
      throw new IllegalArgumentException("--generations must be at least 1, got 0");
    }
    long start = System.nanoTime();
    SplittableRandom random = new SplittableRandom(seed);
    Objective objective = runner.objective();
    Set<Map<String, String>> seen = new HashSet<>();
    List<TrialResult> all = new ArrayList<>();
    List<TrialResult> alive = new ArrayList<>();
    int nextId = 1;
    for (int g = 0; (generations < 0 || g < generations) && !runner.exhausted(); g++) {
      List<TrialRunner.Task> tasks = new ArrayList<>();
      List<TrialResult> kept = new ArrayList<>();
      if (g == 0) {
        for (int i = 0; i < population; i++) {
          Trial t = new Trial(nextId++, novel(space.draw(random), seen, random));
          tasks.add(new TrialRunner.Task(t, 0, g, budget.applyAsDouble(t), null));
        }
      } else {
        List<TrialResult> ranked = new ArrayList<>(alive);
        ranked.sort(metric.ranking());
        kept.addAll(ranked.subList(0, Math.min(elite, ranked.size())));
        while (kept.size() + tasks.size() < population) {
          Trial a = tournament(alive, random);
          Trial b = tournament(alive, random);
          Map<String, String> child = novel(mutate(crossover(a, b, random), random), seen,
              random);
          Trial t = new Trial(nextId++, child);
          Trial from = !inherit ? null : objective.sameNetwork(t, a) ? a
              : objective.sameNetwork(t, b) ? b : null;
          tasks.add(new TrialRunner.Task(t, 0, g, budget.applyAsDouble(t), from));
        }
      }
      if (inherit) {
        tasks.forEach(t -> objective.keepWeights(t.trial()));
      }
      runner.listener().rungStarted(g, tasks.size(), Double.NaN);
      double spent = runner.spentEpochs();
      List<TrialResult> bred = runner.runAll(tasks);
      all.addAll(bred);
      List<TrialResult> next = new ArrayList<>(kept);
      next.addAll(bred);
      Set<Integer> survivors = new HashSet<>();
      next.forEach(r -> survivors.add(r.trial().id()));
      alive.stream().filter(r -> !survivors.contains(r.trial().id()))
          .forEach(r -> objective.release(r.trial()));
      alive = next;
      if (runner.spentEpochs() == spent) {
        break; // nothing trained: no budget would end the loop
      }
    }
    alive.forEach(r -> objective.release(r.trial()));
    return SearchResult.of("genetic", metric, all, (System.nanoTime() - start) / 1e9,
        runner.parallel(), Double.NaN);
  }

  /** The best of {@value #TOURNAMENT} drawn with replacement. */
  Trial tournament(List<TrialResult> pool, SplittableRandom random) {
    TrialResult best = null;
    for (int i = 0; i < TOURNAMENT; i++) {
      TrialResult r = pool.get(random.nextInt(pool.size()));
      if (best == null || metric.ranking().compare(r, best) < 0) {
        best = r;
      }
    }
    return best.trial();
  }

  Map<String, String> crossover(Trial a, Trial b, SplittableRandom random) {
    Map<String, String> child = new LinkedHashMap<>();
    for (Param p : space.params()) {
      child.put(p.key(), (random.nextBoolean() ? a : b).values().get(p.key()));
    }
    return child;
  }

  Map<String, String> mutate(Map<String, String> point, SplittableRandom random) {
    Map<String, String> child = new LinkedHashMap<>(point);
    for (Param p : space.params()) {
      if (random.nextInt(space.params().size()) == 0) {
        child.put(p.key(), mutate(p, child.get(p.key()), random));
      }
    }
    return child;
  }

  /** A new value of one key, inside its range or list. */
  static String mutate(Param p, String value, SplittableRandom random) {
    boolean perturb = random.nextBoolean();
    if (p.range()) {
      if (!perturb) {
        return p.sample(random);
      }
      double width = p.highCoordinate() - p.lowCoordinate();
      double c = p.coordinate(value) + PERTURB * width * random.nextGaussian();
      return p.fromCoordinate(Math.max(p.lowCoordinate(), Math.min(p.highCoordinate(), c)));
    }
    List<String> values = p.values();
    if (values.size() == 1) {
      return value;
    }
    int at = values.indexOf(value);
    if (perturb && p.numeric()) {
      int step = at == 0 ? 1 : at == values.size() - 1 ? -1 : random.nextBoolean() ? 1 : -1;
      return values.get(at + step);
    }
    int other = random.nextInt(values.size() - 1);
    return values.get(other >= at ? other + 1 : other);
  }

  /** The point, or a mutation of it not yet tried (a few tries); recorded as tried. */
  private Map<String, String> novel(Map<String, String> point, Set<Map<String, String>> seen,
      SplittableRandom random) {
    Map<String, String> candidate = point;
    for (int i = 0; i < NOVELTY_TRIES && seen.contains(candidate); i++) {
      Param p = space.params().get(random.nextInt(space.params().size()));
      candidate = new LinkedHashMap<>(candidate);
      candidate.put(p.key(), mutate(p, candidate.get(p.key()), random));
    }
    seen.add(candidate);
    return candidate;
  }
}
