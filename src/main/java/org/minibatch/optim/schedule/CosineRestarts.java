package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Cosine annealing with warm restarts (SGDR), the schedule behind the lectures' snapshot
 * ensembles: cosine annealing from lr to min over a cycle of T_i steps, then a jump back to lr,
 * with cycles t0, t0*t_mult, t0*t_mult^2, ...
 *
 * <pre>
 *   eta_t = min + (lr - min) * (1 + cos(pi * T_cur / T_i)) / 2
 * </pre>
 *
 * where T_cur counts the steps taken since the last restart (t = step - 1 in all). As PyTorch's
 * {@code CosineAnnealingWarmRestarts}, but the cycle is found with integer arithmetic, so
 * restarts land exactly on their step. Loshchilov and Hutter, "SGDR: Stochastic Gradient Descent
 * with Warm Restarts", ICLR 2017; Huang et al., "Snapshot Ensembles: Train 1, get M for free",
 * ICLR 2017. Spec {@code cosine_restarts(lr=0.1,min=0,t0=500,t_mult=2)}; min defaults to 0,
 * t_mult to 1.
 */
public record CosineRestarts(double lr, double min, long t0, long tMult) implements Schedule {
  public static final String NAME = "cosine_restarts";
  public static final double DEFAULT_MIN = 0;
  public static final long DEFAULT_T_MULT = 1;
  static final String EXAMPLE = "cosine_restarts(lr=0.1,min=0,t0=500,t_mult=2)";

  public CosineRestarts {
    Range.positive().check("lr", lr);
    Range.closed(0, lr).check("min", min);
    Range.atLeast(1).check("t0", t0);
    Range.atLeast(1).check("t_mult", tMult);
  }

  static CosineRestarts read(Specs.Reader spec, double defaultLr) {
    double lr = spec.number("lr", defaultLr, Range.positive());
    double min = spec.number("min", DEFAULT_MIN, Range.closed(0, lr));
    long tMult = spec.integer("t_mult", DEFAULT_T_MULT, Range.atLeast(1));
    long t0 = Schedules.requiredInteger(spec, "t0", Range.atLeast(1), EXAMPLE);
    return new CosineRestarts(lr, min, t0, tMult);
  }

  @Override
  public double rate(long step) {
    long t = step - 1;
    long start;
    long length = t0;
    if (tMult == 1) {
      start = t - t % t0;
    } else {
      start = 0;
      while (t - start >= length) {
        start += length;
        length = length > Long.MAX_VALUE / tMult ? Long.MAX_VALUE : length * tMult;
      }
    }
    return Cosine.anneal(lr, min, t - start, length);
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", Specs.formatNumber(lr));
    args.put("min", Specs.formatNumber(min));
    args.put("t0", Long.toString(t0));
    args.put("t_mult", Long.toString(tMult));
    return Specs.format(NAME, args);
  }
}
