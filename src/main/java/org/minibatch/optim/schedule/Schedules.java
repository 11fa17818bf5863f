package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
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

  static {
    REGISTRY.put(Constant.NAME, Constant::read);
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
}
