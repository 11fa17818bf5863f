package org.minibatch.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * The Tree-structured Parzen Estimator (Bergstra, Bardenet, Bengio and Kegl 2011, "Algorithms
 * for Hyper-Parameter Optimization", NIPS): instead of modelling the metric y given a config x,
 * it models x given whether y is good,
 *
 * <pre>
 *   p(x | y) = l(x)  if y is among the best gamma fraction of the finished trials,
 *              g(x)  otherwise,
 * </pre>
 *
 * and proposes the candidate with the largest l(x) / g(x), which maximises expected improvement
 * (the paper's eq. 3-4). Keys are modelled one by one, each with its own l and g (the
 * factorised TPE of hyperopt and Optuna). The good set has ceil(gamma n) trials, at least one,
 * with gamma = 0.15 as in the paper. Trials still running count as bad (the "constant liar", so
 * proposals made together spread out); diverged trials are bad too.
 *
 * <p>A range is modelled on its coordinate c in [a, b] (the logarithm for log kinds,
 * {@link Param}) by a Parzen window: a mixture of the uniform prior and one normal per
 * observation, truncated to [a, b], all with weight 1,
 *
 * <pre>
 *   p(c) = ( 1 / (b - a) + sum_i N(c; c_i, sigma_i) / Z_i ) / (1 + m),
 *   Z_i = Phi((b - c_i) / sigma_i) - Phi((a - c_i) / sigma_i),
 * </pre>
 *
 * where sigma_i is the larger gap from c_i to its neighbours among the sorted observations (the
 * outermost take the gap to their one neighbour, so a tight cluster stays tight), clipped to
 * [(b - a) / min(100, m + 1), b - a] (hyperopt's adaptive Parzen estimator, with Optuna's
 * default of not stretching the outermost to the ends). A list is categorical:
 * p(v) = (1/k + count(v)) / (1 + m) over its k values. Each proposal draws
 * {@value #CANDIDATES} candidates per key from l and keeps the best ratio.
 *
 * <p>A proposal is never a point already tried or running: a trial's result is a function of
 * its config and seed, so trying a point again buys nothing, and on a space of lists the
 * factorised model soon proposes the same few points over and over (11 to 16 distinct points
 * in 30 trials on a 108-point space, before this rule). Since the key-by-key log ratios add up, the best point is
 * each key's best candidate; when that point is taken, the proposal is the unseen combination
 * of candidates with the largest sum, found best-first; when every combination of the
 * candidates has been tried, every value of each list (and more draws of each range) become
 * candidates; only a space whose every point was tried sees a point again.
 */
public final class TreeParzen {
  static final double GAMMA = 0.15;
  static final int CANDIDATES = 24;
  private static final int MAX_REJECTIONS = 100;

  /** A finished trial's values and metric (NaN when it diverged), or a running one's values. */
  public record Observation(Map<String, String> values, double metric) {}

  private final List<Param> params;
  private final Metric metric;

  public TreeParzen(List<Param> params, Metric metric) {
    this.params = List.copyOf(params);
    this.metric = metric;
  }

  /**
   * A new point from the finished observations, with {@code running} (trials proposed but not
   * finished) counted as bad.
   */
  public Map<String, String> propose(List<Observation> finished,
      List<Map<String, String>> running, SplittableRandom random) {
    List<Observation> ranked = new ArrayList<>(finished);
    ranked.sort(ranking());
    int good = goodCount(ranked.size() + running.size());
    List<Map<String, String>> below = new ArrayList<>();
    List<Map<String, String>> above = new ArrayList<>(running);
    for (int i = 0; i < ranked.size(); i++) {
      boolean ok = !Double.isNaN(ranked.get(i).metric());
      (i < good && ok ? below : above).add(ranked.get(i).values());
    }
    List<List<Scored>> candidates = new ArrayList<>();
    for (Param p : params) {
      candidates.add(scored(p, values(p, below), values(p, above), random, CANDIDATES));
    }
    Set<Map<String, String>> seen = new HashSet<>(running);
    finished.forEach(o -> seen.add(o.values()));
    Map<String, String> point = bestUnseen(candidates, seen);
    if (seen.contains(point)) {
      // every combination of the draws was tried: widen them to every value of a list and
      // ten times the draws of a range, still ranked by the model
      candidates.clear();
      for (Param p : params) {
        List<String> goodValues = values(p, below);
        List<String> badValues = values(p, above);
        List<Scored> wide = new ArrayList<>(scored(p, goodValues, badValues, random,
            10 * CANDIDATES));
        if (!p.range()) {
          for (String v : p.values()) {
            if (wide.stream().noneMatch(c -> c.value().equals(v))) {
              wide.add(new Scored(v, score(p, goodValues, badValues, v)));
            }
          }
          wide.sort(Comparator.comparingDouble(Scored::score).reversed());
        }
        candidates.add(wide);
      }
      point = bestUnseen(candidates, seen);
    }
    return point;
  }

  /** A candidate value of one key and its log l(x) - log g(x). */
  record Scored(String value, double score) {}

  /**
   * The combination of candidates (one per key) with the largest total score that is not in
   * {@code seen}: best-first over index vectors into the per-key lists, each sorted by score.
   * The first point popped that is unseen is the answer; if every combination was seen, the
   * best one.
   */
  Map<String, String> bestUnseen(List<List<Scored>> candidates, Set<Map<String, String>> seen) {
    int keys = candidates.size();
    PriorityQueue<int[]> queue = new PriorityQueue<>(
        Comparator.comparingDouble((int[] at) -> -total(candidates, at)));
    Set<List<Integer>> queued = new HashSet<>();
    int[] first = new int[keys];
    queue.add(first);
    queued.add(asList(first));
    while (!queue.isEmpty()) {
      int[] at = queue.poll();
      Map<String, String> point = point(candidates, at);
      if (!seen.contains(point)) {
        return point;
      }
      for (int k = 0; k < keys; k++) {
        if (at[k] + 1 < candidates.get(k).size()) {
          int[] next = at.clone();
          next[k]++;
          if (queued.add(asList(next))) {
            queue.add(next);
          }
        }
      }
    }
    return point(candidates, first);
  }

  private Map<String, String> point(List<List<Scored>> candidates, int[] at) {
    Map<String, String> point = new LinkedHashMap<>();
    for (int k = 0; k < at.length; k++) {
      point.put(params.get(k).key(), candidates.get(k).get(at[k]).value());
    }
    return point;
  }

  private static double total(List<List<Scored>> candidates, int[] at) {
    double sum = 0;
    for (int k = 0; k < at.length; k++) {
      sum += candidates.get(k).get(at[k]).score();
    }
    return sum;
  }

  private static List<Integer> asList(int[] at) {
    return java.util.Arrays.stream(at).boxed().toList();
  }

  /** The size of the good set among n observations: ceil(gamma n), at least 1. */
  static int goodCount(int n) {
    return Math.max(1, (int) Math.ceil(GAMMA * n));
  }

  private Comparator<Observation> ranking() {
    return (x, y) -> {
      if (Double.isNaN(x.metric()) || Double.isNaN(y.metric())) {
        return Boolean.compare(Double.isNaN(x.metric()), Double.isNaN(y.metric()));
      }
      return metric.higherIsBetter() ? Double.compare(y.metric(), x.metric())
          : Double.compare(x.metric(), y.metric());
    };
  }

  private static List<String> values(Param p, List<Map<String, String>> points) {
    return points.stream().map(v -> v.get(p.key())).toList();
  }

  /** {@code draws} draws from l, each distinct value once with its log ratio, best first. */
  private static List<Scored> scored(Param p, List<String> below, List<String> above,
      SplittableRandom random, int draws) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (int i = 0; i < draws; i++) {
      String candidate = sample(p, below, random);
      scores.computeIfAbsent(candidate, c -> score(p, below, above, c));
    }
    List<Scored> list = new ArrayList<>();
    scores.forEach((value, score) -> list.add(new Scored(value, score)));
    list.sort(Comparator.comparingDouble(Scored::score).reversed());
    return list;
  }

  private static double score(Param p, List<String> below, List<String> above, String value) {
    return Math.log(density(p, below, value)) - Math.log(density(p, above, value));
  }

  /** The estimator's density at {@code value}, fitted to {@code observed} values of {@code p}. */
  static double density(Param p, List<String> observed, String value) {
    if (!p.range()) {
      long count = observed.stream().filter(value::equals).count();
      return (1.0 / p.values().size() + count) / (1.0 + observed.size());
    }
    double a = p.lowCoordinate();
    double b = p.highCoordinate();
    double x = p.coordinate(value);
    double[] centres = centres(p, observed);
    double[] sigmas = bandwidths(centres, a, b);
    double sum = 1 / (b - a);
    for (int i = 0; i < centres.length; i++) {
      double z = (x - centres[i]) / sigmas[i];
      sum += Math.exp(-0.5 * z * z) / (Math.sqrt(2 * Math.PI) * sigmas[i])
          / mass(centres[i], sigmas[i], a, b);
    }
    return sum / (1.0 + centres.length);
  }

  private static String sample(Param p, List<String> observed, SplittableRandom random) {
    if (!p.range()) {
      int pick = random.nextInt(observed.size() + 1);
      return pick < observed.size() ? observed.get(pick)
          : p.values().get(random.nextInt(p.values().size()));
    }
    double a = p.lowCoordinate();
    double b = p.highCoordinate();
    double[] centres = centres(p, observed);
    double[] sigmas = bandwidths(centres, a, b);
    int pick = random.nextInt(centres.length + 1);
    if (pick < centres.length) {
      for (int tries = 0; tries < MAX_REJECTIONS; tries++) {
        double c = centres[pick] + sigmas[pick] * random.nextGaussian();
        if (c >= a && c <= b) {
          return p.fromCoordinate(c);
        }
      }
    }
    return p.fromCoordinate(a + random.nextDouble() * (b - a));
  }

  private static double[] centres(Param p, List<String> observed) {
    return observed.stream().mapToDouble(p::coordinate).sorted().toArray();
  }

  /**
   * sigma_i of each sorted centre: the larger gap to a neighbour; the first and last centres
   * have one neighbour and take that gap (a lone centre takes the larger gap to an end), all
   * clipped (see above).
   */
  static double[] bandwidths(double[] sorted, double a, double b) {
    int m = sorted.length;
    double least = (b - a) / Math.min(100, m + 1);
    double[] sigmas = new double[m];
    for (int i = 0; i < m; i++) {
      double left = i == 0 ? (m == 1 ? sorted[0] - a : 0) : sorted[i] - sorted[i - 1];
      double right = i == m - 1 ? (m == 1 ? b - sorted[0] : 0) : sorted[i + 1] - sorted[i];
      sigmas[i] = Math.min(b - a, Math.max(least, Math.max(left, right)));
    }
    return sigmas;
  }

  /** The normal's mass inside [a, b]: Phi((b - mu) / sigma) - Phi((a - mu) / sigma). */
  private static double mass(double mu, double sigma, double a, double b) {
    return 0.5 * (Erf.erf((b - mu) / (sigma * Math.sqrt(2)))
        - Erf.erf((a - mu) / (sigma * Math.sqrt(2))));
  }
}
