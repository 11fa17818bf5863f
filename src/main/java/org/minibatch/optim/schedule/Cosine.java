package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Cosine annealing from lr down to a floor {@code min} over {@code steps} steps, then the floor:
 *
 * <pre>
 *   eta_t = min + (lr - min) * (1 + cos(pi * t / steps)) / 2    for t = step - 1 &lt; steps
 *   eta_t = min                                                  afterwards
 * </pre>
 *
 * so step 1 runs at lr and step steps+1 at min, as PyTorch's {@code CosineAnnealingLR} (which,
 * unlike this schedule, climbs again after T_max). Loshchilov and Hutter, "SGDR: Stochastic
 * Gradient Descent with Warm Restarts", ICLR 2017. Spec {@code cosine(lr=0.1,min=0,steps=1000)};
 * min defaults to 0, lr to the optimizer's.
 */
public record Cosine(double lr, double min, long steps) implements Schedule {
  public static final String NAME = "cosine";
  public static final double DEFAULT_MIN = 0;
  static final String EXAMPLE = "cosine(lr=0.1,min=0,steps=1000)";

  public Cosine {
    Range.positive().check("lr", lr);
    Range.closed(0, lr).check("min", min);
    Range.atLeast(1).check("steps", steps);
  }

  static Cosine read(Specs.Reader spec, double defaultLr) {
    double lr = spec.number("lr", defaultLr, Range.positive());
    return new Cosine(lr, spec.number("min", DEFAULT_MIN, Range.closed(0, lr)),
        Schedules.requiredInteger(spec, "steps", Range.atLeast(1), EXAMPLE));
  }

  @Override
  public double rate(long step) {
    long t = step - 1;
    return t >= steps ? min : anneal(lr, min, t, steps);
  }

  /** The half cosine from lr (at t = 0) to min (at t = length). */
  static double anneal(double lr, double min, long t, long length) {
    return min + (lr - min) * (1 + Math.cos(Math.PI * t / length)) / 2;
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", Specs.formatNumber(lr));
    args.put("min", Specs.formatNumber(min));
    args.put("steps", Long.toString(steps));
    return Specs.format(NAME, args);
  }
}
