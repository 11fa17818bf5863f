package org.minibatch.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The spec-string grammar shared by activations, initializers, optimizers and schedules:
 * {@code name} or {@code name(key=value,key=value)}, where a value may itself be a spec
 * ({@code warmup(steps=100,then=cosine(lr=0.1,steps=1000))}) or a list ({@code milestones=[10,20]}).
 *
 * <p>{@link Parsed#reader} hands out typed, validated values and remembers which keys were read,
 * so {@link Reader#finish()} can reject the rest with the closest valid key.
 */
public final class Specs {
  /** Spec texts parsed in this JVM: tests hold a run to parsing each of its specs once. */
  private static final LongAdder PARSES = new LongAdder();

  private Specs() {}

  /** How many spec texts {@link #parse} has parsed in this JVM so far. */
  public static long parseCount() {
    return PARSES.sum();
  }

  /** A parsed spec: lower-case name and its arguments in the order written. */
  public record Parsed(String what, String name, Map<String, String> args) {
    public Reader reader() {
      return new Reader(this);
    }

    /** This spec with {@code key} set to {@code value} (added, or replacing what was written). */
    public Parsed with(String key, String value) {
      Map<String, String> copy = new LinkedHashMap<>(args);
      copy.put(key, value);
      return new Parsed(what, name, Collections.unmodifiableMap(copy));
    }

    /** The spec as text, {@code name(key=value,...)}, arguments in the order written. */
    @Override
    public String toString() {
      return format(name, args);
    }
  }

  /** Parses {@code text}; {@code what} ("optimizer", "schedule", ...) goes into error messages. */
  public static Parsed parse(String what, String text) {
    PARSES.increment();
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(what + " spec is empty");
    }
    String s = text.strip();
    int open = s.indexOf('(');
    if (open < 0) {
      return new Parsed(what, checkName(what, s, text), Map.of());
    }
    if (!s.endsWith(")")) {
      throw new IllegalArgumentException(what + " spec '" + text + "' must end with ')'");
    }
    String name = checkName(what, s.substring(0, open).strip(), text);
    Map<String, String> args = new LinkedHashMap<>();
    for (String part : splitTopLevel(s.substring(open + 1, s.length() - 1), text, what)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            what + " spec '" + text + "': expected key=value, got '" + part + "'");
      }
      String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (args.put(key, part.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException(what + " spec '" + text + "': key '" + key
            + "' given twice");
      }
    }
    return new Parsed(what, name, Collections.unmodifiableMap(args));
  }

  /** Splits on commas that are not inside parentheses or brackets. */
  public static List<String> splitTopLevel(String body, String text, String what) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(body.substring(start, i).strip());
        start = i + 1;
      }
      if (depth < 0) {
        throw new IllegalArgumentException(what + " spec '" + text + "' has unbalanced brackets");
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException(what + " spec '" + text + "' has unbalanced brackets");
    }
    String last = body.substring(start).strip();
    if (!last.isEmpty() || !parts.isEmpty()) {
      parts.add(last);
    }
    return parts;
  }

  private static String checkName(String what, String name, String text) {
    if (name.isEmpty() || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(what + " spec '" + text + "' has no valid name");
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Shortest text that parses back to exactly {@code v}: {@code 0.001}, {@code 1e-8}, {@code 100}.
   */
  public static String formatNumber(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = Double.toString(v);
    return s.replace(".0E", "e").replace("E", "e");
  }

  /** Builds {@code name(k=v,...)} from already formatted values, skipping nothing. */
  public static String format(String name, Map<String, String> args) {
    if (args.isEmpty()) {
      return name;
    }
    StringBuilder sb = new StringBuilder(name).append('(');
    boolean first = true;
    for (Map.Entry<String, String> e : args.entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.append(')').toString();
  }

  /** Typed access to the arguments of one spec, with validation and unknown-key detection. */
  public static final class Reader {
    private final Parsed spec;
    private final Set<String> known = new LinkedHashSet<>();

    Reader(Parsed spec) {
      this.spec = spec;
    }

    public String name() {
      return spec.name();
    }

    /** The value of {@code key} as a number in {@code range}, or {@code fallback} if absent. */
    public double number(String key, double fallback, Range range) {
      known.add(key);
      String raw = spec.args().get(key);
      if (raw == null) {
        return fallback;
      }
      return range.check(key, parseDouble(key, raw));
    }

    /** The value of {@code key} as an integer in {@code range}, or {@code fallback} if absent. */
    public long integer(String key, long fallback, Range range) {
      known.add(key);
      String raw = spec.args().get(key);
      if (raw == null) {
        return fallback;
      }
      double v = parseDouble(key, raw);
      if (v != Math.rint(v)) {
        throw new IllegalArgumentException(key + " must be an integer, got " + raw);
      }
      return range.check(key, (long) v);
    }

    /** One of {@code choices}, or {@code fallback} if absent. */
    public String choice(String key, String fallback, List<String> choices) {
      known.add(key);
      String raw = spec.args().get(key);
      if (raw == null) {
        return fallback;
      }
      String v = raw.toLowerCase(Locale.ROOT);
      if (!choices.contains(v)) {
        throw new IllegalArgumentException(Suggest.unknown(key, raw, choices));
      }
      return v;
    }

    /** A bracketed list of integers {@code [a,b,c]} in {@code range}, or {@code fallback}. */
    public long[] integers(String key, long[] fallback, Range range) {
      known.add(key);
      String raw = spec.args().get(key);
      if (raw == null) {
        return fallback;
      }
      if (!raw.startsWith("[") || !raw.endsWith("]")) {
        throw new IllegalArgumentException(key + " must be a list like [100,200], got " + raw);
      }
      List<String> items = splitTopLevel(raw.substring(1, raw.length() - 1), raw, key);
      long[] out = new long[items.size()];
      for (int i = 0; i < out.length; i++) {
        double v = parseDouble(key, items.get(i));
        if (v != Math.rint(v)) {
          throw new IllegalArgumentException(key + " must hold integers, got " + items.get(i));
        }
        out[i] = range.check(key, (long) v);
      }
      return out;
    }

    /** The raw text of {@code key} (e.g. a nested spec), or null if absent. */
    public String raw(String key) {
      known.add(key);
      return spec.args().get(key);
    }

    /** Rejects keys that no getter asked for, naming the closest known key. */
    public void finish() {
      for (String key : spec.args().keySet()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException(
              Suggest.unknown("key for " + spec.what() + " '" + spec.name() + "'", key, known));
        }
      }
    }

    private static double parseDouble(String key, String raw) {
      try {
        return Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number, got '" + raw + "'");
      }
    }
  }
}
