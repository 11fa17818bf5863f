package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Cyclical learning rates: the rate climbs linearly from {@code base} to {@code max} over
 * {@code half_cycle} steps and falls back over as many, with the curves of PyTorch's
 * {@code CyclicLR} (equal up and down phases, so step 1 runs at base). With t = step - 1:
 *
 * <pre>
 *   cycle  = floor(1 + t / (2 * half_cycle))
 *   x      = 1 + t / (2 * half_cycle) - cycle            (position in the cycle, 0..1)
 *   scale  = x &lt;= 0.5 ? 2x : 2(1 - x)                     (the triangle)
 *   eta_t  = base + (max - base) * scale * f
 * </pre>
 *
 * where f = 1 ({@code triangular}), 1/2^(cycle-1) ({@code triangular2}: the amplitude halves
 * each cycle) or gamma^t ({@code exp_range}). L. N. Smith, "Cyclical Learning Rates for Training
 * Neural Networks", WACV 2017 (arXiv:1506.01186).
 *
 * <p>Spec {@code cyclic(mode=triangular2,base=1e-4,max=1e-2,half_cycle=2000)}; max defaults to
 * the optimizer's rate, half_cycle to 2000 and mode to triangular as in PyTorch; gamma (default
 * 1) is for exp_range only.
 */
public record Cyclic(Mode mode, double base, double max, long halfCycle, double gamma)
    implements Schedule {
  public static final String NAME = "cyclic";
  public static final long DEFAULT_HALF_CYCLE = 2000;
  public static final double DEFAULT_GAMMA = 1.0;
  static final String EXAMPLE = "cyclic(mode=triangular2,base=1e-4,max=1e-2,half_cycle=2000)";

  /** How the amplitude changes from cycle to cycle. */
  public enum Mode {
    TRIANGULAR, TRIANGULAR2, EXP_RANGE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    static List<String> keys() {
      return List.of(TRIANGULAR.key(), TRIANGULAR2.key(), EXP_RANGE.key());
    }
  }

  public Cyclic {
    Range.nonNegative().check("base", base);
    Range.atLeast(base).check("max", max);
    Range.atLeast(1).check("half_cycle", halfCycle);
    Schedules.DECAY.check("gamma", gamma);
    if (mode != Mode.EXP_RANGE && gamma != DEFAULT_GAMMA) {
      throw new IllegalArgumentException("gamma applies to mode=exp_range only, not to mode="
          + mode.key());
    }
  }

  static Cyclic read(Specs.Reader spec, double defaultLr) {
    Mode mode = Mode.valueOf(spec.choice("mode", Mode.TRIANGULAR.key(), Mode.keys())
        .toUpperCase(Locale.ROOT));
    double max = spec.number("max", defaultLr, Range.nonNegative());
    long halfCycle = spec.integer("half_cycle", DEFAULT_HALF_CYCLE, Range.atLeast(1));
    double gamma = spec.number("gamma", DEFAULT_GAMMA, Schedules.DECAY);
    double base = Schedules.required(spec, "base", Range.nonNegative(), EXAMPLE);
    return new Cyclic(mode, base, max, halfCycle, gamma);
  }

  @Override
  public double rate(long step) {
    // PyTorch's formulas with step_size_up = step_size_down, term by term, to round alike.
    long t = step - 1;
    double total = 2.0 * halfCycle;
    double cycle = Math.floor(1 + t / total);
    double x = 1 + t / total - cycle;
    double scale = x <= 0.5 ? x / 0.5 : (x - 1) / (0.5 - 1);
    double height = (max - base) * scale;
    return switch (mode) {
      case TRIANGULAR -> base + height;
      case TRIANGULAR2 -> base + height * (1 / Math.pow(2, cycle - 1));
      case EXP_RANGE -> base + height * Math.pow(gamma, t);
    };
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("mode", mode.key());
    args.put("base", Specs.formatNumber(base));
    args.put("max", Specs.formatNumber(max));
    args.put("half_cycle", Long.toString(halfCycle));
    if (mode == Mode.EXP_RANGE) {
      args.put("gamma", Specs.formatNumber(gamma));
    }
    return Specs.format(NAME, args);
  }
}
