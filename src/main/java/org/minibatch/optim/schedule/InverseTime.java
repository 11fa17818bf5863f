package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Inverse-time decay, as in the lectures: {@code eta_t = lr / (1 + delta * t)}, where t = step - 1
 * is the number of steps already taken (so step 1 runs at lr; every schedule counts this way,
 * like PyTorch's schedulers). Spec {@code inverse_time(lr=0.1,delta=0.01)}; lr defaults to the
 * optimizer's.
 */
public record InverseTime(double lr, double delta) implements Schedule {
  public static final String NAME = "inverse_time";
  static final String EXAMPLE = "inverse_time(lr=0.1,delta=0.01)";

  public InverseTime {
    Range.positive().check("lr", lr);
    Range.nonNegative().check("delta", delta);
  }

  static InverseTime read(Specs.Reader spec, double defaultLr) {
    return new InverseTime(spec.number("lr", defaultLr, Range.positive()),
        Schedules.required(spec, "delta", Range.nonNegative(), EXAMPLE));
  }

  @Override
  public double rate(long step) {
    return lr / (1 + delta * (step - 1));
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", Specs.formatNumber(lr));
    args.put("delta", Specs.formatNumber(delta));
    return Specs.format(NAME, args);
  }
}
