package org.minibatch.app;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a command's wall time went, stage by stage, in the order they ran: for
 * {@code summary.json} ("stages") and the line {@code train} prints at the end. A stage that
 * ran alongside others (the model save) is marked so, so the seconds are not read as a sum.
 * Measured from the JVM's start when the command says so, to include the launch.
 */
public final class Stages {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final Map<String, String> alongside = new LinkedHashMap<>();
  private final Map<String, Double> marks = new LinkedHashMap<>();
  private final long originNanos;
  private final boolean fromProcessStart;

  private Stages(long originNanos, boolean fromProcessStart) {
    this.originNanos = originNanos;
    this.fromProcessStart = fromProcessStart;
  }

  /** Stages from now on; {@link #totalSeconds()} counts from now. */
  public static Stages starting() {
    return new Stages(System.nanoTime(), false);
  }

  /**
   * Stages of the command this JVM runs: the first, {@code launch}, is the JVM's start-up and
   * the command line's parsing up to now.
   */
  public static Stages fromProcessStart() {
    long uptimeNanos = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    Stages stages = new Stages(System.nanoTime() - uptimeNanos, true);
    stages.add("launch", uptimeNanos / 1e9);
    return stages;
  }

  /** Work that returns a value and may throw, for {@link #time}. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code work} as stage {@code name} and records its seconds. */
  public <T, E extends Exception> T time(String name, Work<T, E> work) throws E {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      add(name, (System.nanoTime() - start) / 1e9);
    }
  }

  /** Records stage {@code name}; a stage seen before adds up. */
  public void add(String name, double stageSeconds) {
    seconds.merge(name, stageSeconds, Double::sum);
  }

  /** Records that {@code name} ran at the same time as {@code others} (say, "evaluate"). */
  public void alongside(String name, String others) {
    alongside.put(name, others);
  }

  /** Records the moment {@code name} happened (say, the first training step began). */
  public void mark(String name) {
    marks.putIfAbsent(name, totalSeconds());
  }

  /** Seconds since the origin: the JVM's start, or when these stages began. */
  public double totalSeconds() {
    return (System.nanoTime() - originNanos) / 1e9;
  }

  /** Seconds of every stage so far, in order, then "total". */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>(seconds);
    alongside.forEach((name, others) -> m.put(name + "_alongside", others));
    marks.forEach((name, at) -> m.put(name + "_at", at));
    m.put(fromProcessStart ? "total_since_process_start" : "total", totalSeconds());
    return m;
  }

  /**
   * "stages: launch 1.0 s, spark 2.4 s, ..., first step at 5.1 s; 16.0 s since the process
   * started".
   */
  public String oneLine() {
    StringJoiner line = new StringJoiner(", ", "stages: ", "");
    seconds.forEach((name, s) -> line.add(String.format(Locale.ROOT, "%s %.1f s%s", name, s,
        alongside.containsKey(name) ? " (alongside " + alongside.get(name) + ")" : "")));
    marks.forEach((name, at) -> line.add(String.format(Locale.ROOT, "%s at %.1f s",
        name.replace('_', ' '), at)));
    return line + String.format(Locale.ROOT, "; %.1f s %s", totalSeconds(),
        fromProcessStart ? "since the process started" : "in all");
  }
}
