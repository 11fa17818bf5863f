package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Linear warm-up for {@code steps} steps in front of any other schedule: the rate climbs in equal
 * increments to the wrapped schedule's first rate, then the wrapped schedule runs from its own
 * step 1 (its clock starts after the warm-up, as in Hugging Face's warm-up schedules):
 *
 * <pre>
 *   eta_s = then(1) * s / steps       for s &lt;= steps
 *   eta_s = then(s - steps)           afterwards
 * </pre>
 *
 * Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", arXiv:1706.02677,
 * 2017. Spec {@code warmup(steps=100,then=cosine(lr=0.1,steps=1000))}; {@code then} defaults to
 * a constant rate, and an inner spec without lr takes the optimizer's.
 */
public record Warmup(long steps, Schedule then) implements Schedule {
  public static final String NAME = "warmup";
  static final String EXAMPLE = "warmup(steps=100,then=cosine(lr=0.1,steps=1000))";

  public Warmup {
    Range.atLeast(1).check("steps", steps);
    if (then == null) {
      throw new IllegalArgumentException("warmup needs a schedule to warm up to, e.g. " + EXAMPLE);
    }
  }

  static Warmup read(Specs.Reader spec, double defaultLr) {
    String inner = spec.raw("then");
    long steps = Schedules.requiredInteger(spec, "steps", Range.atLeast(1), EXAMPLE);
    Schedule then = inner == null ? new Constant(defaultLr) : Schedules.parse(inner, defaultLr);
    return new Warmup(steps, then);
  }

  @Override
  public double rate(long step) {
    return step <= steps ? then.rate(1) * step / steps : then.rate(step - steps);
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("steps", Long.toString(steps));
    args.put("then", then.toString());
    return Specs.format(NAME, args);
  }
}
