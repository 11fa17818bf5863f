package org.minibatch.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search space: which config keys to vary and over what. One line per key, {@code #} starts a
 * comment:
 *
 * <pre>
 *   train.optimizer    = sgd | momentum | adam
 *   train.optimizer.lr = 0.3 | 0.1 | 0.03 | 0.01 | 0.003 | 0.001
 *   train.batch_size   = 128 | 256
 *   model.hidden       = 128 | 256,128
 *   train.weight_decay = loguniform(1e-6, 1e-3)
 * </pre>
 *
 * <p>Values are separated by {@code |} (a comma belongs to values such as {@code 256,128} and
 * {@code adam(lr=0.01,beta1=0.8)}); a single value fixes the key for every trial;
 * {@code a..b} (or {@code uniform_int(a,b)}) is every integer from a to b; {@code uniform(a,b)},
 * {@code loguniform(a,b)} and {@code loguniform_int(a,b)} are ranges for the sampling
 * strategies (see {@link Param}).
 * The grid is the cartesian product of the lists, the last key varying fastest. Which keys are
 * allowed is the application's business ({@code org.minibatch.app.TrialSettings}); this class
 * only reads the syntax.
 */
public final class SearchSpace {
  private static final Pattern RANGE = Pattern.compile(
      "(uniform|loguniform|uniform_int|loguniform_int)\\s*\\((.*)\\)",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern INT_RANGE = Pattern.compile("(-?\\d+)\\s*\\.\\.\\s*(-?\\d+)");

  private final String source;
  private final List<Param> params;

  private SearchSpace(String source, List<Param> params) {
    this.source = source;
    this.params = List.copyOf(params);
  }

  /** Reads a space file; an unreadable file is an IllegalArgumentException naming it. */
  public static SearchSpace read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read space file " + file + ": "
          + e.getMessage());
    }
    return parse(text, file.getFileName().toString());
  }

  /** Parses space text; {@code source} names it in messages ("space.properties line 3: ..."). */
  public static SearchSpace parse(String text, String source) {
    List<Param> params = new ArrayList<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1) + ": ";
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + "expected key = values, got '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      Integer first = lineOf.putIfAbsent(key, i + 1);
      if (first != null) {
        throw new IllegalArgumentException(where + key + " is given twice (first on line "
            + first + ")");
      }
      params.add(param(where, key, value, i + 1));
    }
    if (params.isEmpty()) {
      throw new IllegalArgumentException(source + " has no parameters: give lines such as"
          + " train.batch_size = 64 | 128 | 256");
    }
    return new SearchSpace(source, params);
  }

  private static Param param(String where, String key, String value, int line) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(where + key + " has no values");
    }
    Matcher ints = INT_RANGE.matcher(value);
    if (ints.matches()) {
      return range(where, key, "a..b", Param.Kind.INT, ints.group(1), ints.group(2), value,
          line);
    }
    Matcher range = RANGE.matcher(value);
    if (range.matches()) {
      String name = range.group(1).toLowerCase(java.util.Locale.ROOT);
      String[] bounds = range.group(2).split(",", -1);
      if (bounds.length != 2) {
        throw new IllegalArgumentException(where + key + ": " + name + " takes two numbers,"
            + " got " + value);
      }
      Param.Kind kind = switch (name) {
        case "uniform" -> Param.Kind.UNIFORM;
        case "loguniform" -> Param.Kind.LOGUNIFORM;
        case "uniform_int" -> Param.Kind.INT;
        default -> Param.Kind.LOGINT;
      };
      return range(where, key, name + "(a,b)", kind, bounds[0].strip(), bounds[1].strip(),
          value, line);
    }
    List<String> values = new ArrayList<>();
    for (String v : value.split("\\|", -1)) {
      String stripped = v.strip();
      if (stripped.isEmpty()) {
        throw new IllegalArgumentException(where + key + " has an empty value in '" + value
            + "'");
      }
      if (values.contains(stripped)) {
        throw new IllegalArgumentException(where + key + " lists '" + stripped + "' twice");
      }
      values.add(stripped);
    }
    return Param.list(key, values, value, line);
  }

  private static Param range(String where, String key, String form, Param.Kind kind,
      String lowText, String highText, String value, int line) {
    double low = number(where, key, lowText, value);
    double high = number(where, key, highText, value);
    boolean log = kind == Param.Kind.LOGUNIFORM || kind == Param.Kind.LOGINT;
    boolean integer = kind == Param.Kind.INT || kind == Param.Kind.LOGINT;
    if (integer && (low != Math.rint(low) || high != Math.rint(high))) {
      throw new IllegalArgumentException(where + key + ": " + form + " takes whole numbers,"
          + " got " + value);
    }
    double least = kind == Param.Kind.LOGINT ? 1 : 0;
    if (!(low < high) || (log && !(low >= least && low > 0))) {
      throw new IllegalArgumentException(where + key + ": " + form + " needs "
          + (kind == Param.Kind.LOGINT ? "1 <= a < b" : log ? "0 < a < b" : "a < b")
          + ", got " + value);
    }
    return Param.range(key, kind, low, high, value, line);
  }

  private static double number(String where, String key, String text, String value) {
    try {
      double v = Double.parseDouble(text);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(where + key + ": '" + text + "' in " + value
        + " is not a number");
  }

  /** The file name (or other source) the space came from. */
  public String source() {
    return source;
  }

  /** The parameters in file order. */
  public List<Param> params() {
    return params;
  }

  public List<String> keys() {
    return params.stream().map(Param::key).toList();
  }

  /** Whether every parameter is a finite list, so the grid exists. */
  public boolean finite() {
    return params.stream().allMatch(Param::finite);
  }

  /** Points of the grid: the product of the list sizes. */
  public long gridSize() {
    requireFinite("grid search");
    long size = 1;
    for (Param p : params) {
      size = Math.multiplyExact(size, p.choices().size());
    }
    return size;
  }

  /**
   * Every point of the grid, the last key varying fastest (as nested loops in file order).
   *
   * @throws IllegalArgumentException if a parameter is a range
   */
  public List<Map<String, String>> grid() {
    long size = gridSize();
    if (size > 100_000) {
      throw new IllegalArgumentException("the grid of " + source + " has " + size
          + " points; use --strategy random with --trials");
    }
    List<Map<String, String>> points = new ArrayList<>();
    for (long index = 0; index < size; index++) {
      Map<String, String> point = new LinkedHashMap<>();
      long rest = index;
      for (int k = params.size() - 1; k >= 0; k--) {
        List<String> values = params.get(k).choices();
        point.put(params.get(k).key(), values.get((int) (rest % values.size())));
        rest /= values.size();
      }
      points.add(reorder(point));
    }
    return points;
  }

  /** {@code n} random points, the same for the same seed: lists uniformly, ranges by kind. */
  public List<Map<String, String>> sample(int n, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("--trials must be at least 1, got " + n);
    }
    Iterator<Map<String, String>> draws = sampler(seed);
    List<Map<String, String>> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      points.add(draws.next());
    }
    return points;
  }

  /**
   * Random points without end, the same sequence for the same seed ({@link #sample}'s), none
   * drawn twice while new ones are to be had: a trial is a function of its config and seed, so
   * a repeated point is a wasted trial (on a space of 108 points, 30 draws with replacement
   * repeat about 4). A point already drawn is drawn again up to {@value #REDRAWS} times before
   * it is let through, which only a nearly used-up space comes to.
   */
  public Iterator<Map<String, String>> sampler(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Set<Map<String, String>> drawn = new HashSet<>();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Map<String, String> next() {
        Map<String, String> point = draw(random);
        for (int i = 0; i < REDRAWS && drawn.contains(point); i++) {
          point = draw(random);
        }
        drawn.add(point);
        return point;
      }
    };
  }

  /** Draws of a point already drawn before the sampler lets a repeat through. */
  static final int REDRAWS = 1000;

  /** One random point. */
  public Map<String, String> draw(SplittableRandom random) {
    Map<String, String> point = new LinkedHashMap<>();
    for (Param p : params) {
      point.put(p.key(), p.sample(random));
    }
    return point;
  }

  /** Fails, naming the first range, unless the space is finite. */
  public void requireFinite(String what) {
    for (Param p : params) {
      if (!p.finite()) {
        throw new IllegalArgumentException(what + " needs finite lists, but " + p.key()
            + " is " + p.text() + "; list its values with '|' (or give an integer range a..b),"
            + " or use a sampling strategy (random, hyperband, bayes, genetic, or halving with"
            + " --trials)");
      }
    }
  }

  private Map<String, String> reorder(Map<String, String> point) {
    Map<String, String> ordered = new LinkedHashMap<>();
    for (Param p : params) {
      ordered.put(p.key(), point.get(p.key()));
    }
    return ordered;
  }
}
