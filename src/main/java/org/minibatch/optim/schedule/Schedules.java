package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;
import org.minibatch.util.Suggest;

/**
 * Parses schedule spec strings. A schedule whose spec gives no {@code lr} starts from the
 * optimizer's learning rate, passed here as {@code defaultLr}; the printed spec always names the
 * rate, so it reads back the same with any default.
 */
public final class Schedules {
  private static final Map<String, BiFunction<Specs.Reader, Double, Schedule>> REGISTRY =
      new LinkedHashMap<>();

  /** Decay factors gamma: (0, 1]. */
  static final Range DECAY = new Range(0, false, 1, true);

  static {
    REGISTRY.put(Constant.NAME, Constant::read);
    REGISTRY.put(InverseTime.NAME, InverseTime::read);
    REGISTRY.put(StepDecay.NAME, StepDecay::read);
    REGISTRY.put(MultiStep.NAME, MultiStep::read);
    REGISTRY.put(Exponential.NAME, Exponential::read);
    REGISTRY.put(Cyclic.NAME, Cyclic::read);
    REGISTRY.put(Cosine.NAME, Cosine::read);
    REGISTRY.put(CosineRestarts.NAME, CosineRestarts::read);
    REGISTRY.put(Warmup.NAME, Warmup::read);
  }

  private Schedules() {}

  public static List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }

  /** Parses {@code text}; rates the spec leaves out default to {@code defaultLr}. */
  public static Schedule parse(String text, double defaultLr) {
    Specs.Reader spec = Specs.parse("schedule", text).reader();
    BiFunction<Specs.Reader, Double, Schedule> factory = REGISTRY.get(spec.name());
    if (factory == null) {
      throw new IllegalArgumentException(Suggest.unknown("schedule", spec.name(),
          REGISTRY.keySet()));
    }
    Schedule schedule = factory.apply(spec, defaultLr);
    spec.finish();
    return schedule;
  }

  /**
   * A number the spec must give, or a message with an example spec. Read required keys after
   * all optional ones: when one is missing, a misspelled key is the likelier cause, and
   * {@link Specs.Reader#finish()} can only name it once every valid key has been asked for.
   */
  static double required(Specs.Reader spec, String key, Range range, String example) {
    double value = spec.number(key, Double.NaN, range);
    if (Double.isNaN(value)) {
      throw missing(spec, key, example);
    }
    return value;
  }

  /** An integer the spec must give; see {@link #required}. */
  static long requiredInteger(Specs.Reader spec, String key, Range range, String example) {
    long value = spec.integer(key, Long.MIN_VALUE, range);
    if (value == Long.MIN_VALUE) {
      throw missing(spec, key, example);
    }
    return value;
  }

  /** The error for a missing required key, unless a misspelled key explains it. */
  static IllegalArgumentException missing(Specs.Reader spec, String key, String example) {
    spec.finish();
    return new IllegalArgumentException("schedule '" + spec.name() + "' needs " + key + ", e.g. "
        + example);
  }
}
