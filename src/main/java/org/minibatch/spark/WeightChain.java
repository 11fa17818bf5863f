package org.minibatch.spark;

import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.minibatch.train.Precision;

/**
 * A sparse run's point as its tasks find it, without broadcasting every weight every step. A
 * sparse step changes only its batch's columns (about 23,000 of 1M, or of 10M), yet the whole
 * point is 64 MB at 1M inputs and 16 hidden units in float32. So the driver broadcasts the
 * whole point once (the base), then each step only what the previous update changed
 * ({@link WeightDelta}), and each executor JVM keeps its own copy of the point from step to
 * step, bringing it up to the step's version with the deltas it has not applied yet. An
 * executor that has no copy, or one older than the base (a new executor, one that took no part
 * in some steps after a re-base), starts from the base. The point a task reads has the bits of
 * the whole point broadcast that step.
 *
 * <p>The driver starts a new base when a step was dense (no list of changes), or when the
 * deltas since the base add up to its size, and destroys the old base and deltas then.
 * The last ones are left to Spark's context cleaner; an executor keeps the points of its last
 * {@value #RUNS_KEPT} runs, softly. Steps run one after another, so the tasks
 * of one step read the executor's copy while no task changes it; a task of an older step (a
 * speculative copy) reads a copy rebuilt from the base.
 */
final class WeightChain implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;
  /** Runs whose points an executor JVM keeps; older ones start from their base again. */
  private static final int RUNS_KEPT = 2;
  private static final Map<String, Held> HELD = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
      return size() > RUNS_KEPT;
    }
  };

  private final String run;
  private final Broadcast<Weights> base;
  private final long baseVersion;
  private final List<Broadcast<WeightDelta>> deltas;
  private final long version;

  private WeightChain(String run, Broadcast<Weights> base, long baseVersion,
      List<Broadcast<WeightDelta>> deltas, long version) {
    this.run = run;
    this.base = base;
    this.baseVersion = baseVersion;
    this.deltas = deltas;
    this.version = version;
  }

  /**
   * One executor JVM's copy of a run's point and the step it is at. The copy is softly held:
   * an executor short of memory (or long done with the run) may drop it, and the next task
   * rebuilds it from the base.
   */
  private static final class Held {
    SoftReference<Object> values = new SoftReference<>(null);
    long version;
  }

  /** The point of this step (a {@code float[]} or {@code double[]}; read only). */
  Object values() {
    Held held;
    synchronized (HELD) {
      held = HELD.computeIfAbsent(run, r -> new Held());
    }
    synchronized (held) {
      return bringUp(held.version > version ? new Held() : held);
    }
  }

  /**
   * Brings {@code held} to this step: from the base if it has no copy or an older one, then
   * the deltas it lacks (delta i is the step {@code baseVersion + 1 + i}).
   */
  private Object bringUp(Held held) {
    Object values = held.values.get();
    if (values == null || held.version < baseVersion) {
      Object whole = base.value().values();
      values = whole instanceof float[] f ? f.clone() : ((double[]) whole).clone();
      held.values = new SoftReference<>(values);
      held.version = baseVersion;
    }
    for (int i = (int) (held.version - baseVersion); i < deltas.size(); i++) {
      deltas.get(i).value().applyTo(values);
      held.version = baseVersion + 1 + i;
    }
    return values;
  }

  /** The driver's side: the base, the deltas since, and the step count. */
  static final class Sender {
    private final JavaSparkContext jsc;
    private final String run = UUID.randomUUID().toString();
    private Broadcast<Weights> base;
    private long baseVersion;
    private final List<Broadcast<WeightDelta>> deltas = new ArrayList<>();
    private long deltaBytes;
    private long version;
    private double[] lastPoint;
    private Precision lastPrecision;

    Sender(JavaSparkContext jsc) {
      this.jsc = jsc;
    }

    /**
     * The chain tasks read {@code point} from, {@code point} being the array of the previous
     * call changed only at {@code changed} (null: anywhere).
     */
    WeightChain next(double[] point, int[] changed, Precision precision) {
      version++;
      long deltaSize = changed == null ? 0 : WeightDelta.bytes(changed.length, precision);
      if (base == null || changed == null || point != lastPoint || precision != lastPrecision
          || deltaBytes + deltaSize > base.value().bytes()) {
        destroy();
        // a snapshot: in float64 the broadcast would otherwise hold the live weights
        base = jsc.broadcast(Weights.of(precision == Precision.FLOAT64 ? point.clone() : point,
            precision));
        baseVersion = version;
      } else {
        WeightDelta delta = WeightDelta.of(version, point, changed, precision);
        deltas.add(jsc.broadcast(delta));
        deltaBytes += delta.bytes();
      }
      lastPoint = point;
      lastPrecision = precision;
      return new WeightChain(run, base, baseVersion, List.copyOf(deltas), version);
    }

    /**
     * Notes a step that did not go through the chain (the local route took it): the changes
     * of the next call will not cover that step's, so it starts a new base.
     */
    void skipped() {
      lastPoint = null;
    }

    /** Destroys the base and the deltas broadcast so far. */
    void destroy() {
      if (base != null) {
        base.destroy();
        base = null;
      }
      deltas.forEach(Broadcast::destroy);
      deltas.clear();
      deltaBytes = 0;
    }
  }
}
