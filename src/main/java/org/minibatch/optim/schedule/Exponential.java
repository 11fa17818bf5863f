package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Exponential decay, as in the lectures: {@code eta_t = lr * gamma^t} with t = step - 1 (step 1
 * runs at lr), as PyTorch's {@code ExponentialLR}. Spec {@code exponential(lr=0.1,gamma=0.999)}.
 */
public record Exponential(double lr, double gamma) implements Schedule {
  public static final String NAME = "exponential";
  static final String EXAMPLE = "exponential(lr=0.1,gamma=0.999)";

  public Exponential {
    Range.positive().check("lr", lr);
    Schedules.DECAY.check("gamma", gamma);
  }

  static Exponential read(Specs.Reader spec, double defaultLr) {
    return new Exponential(spec.number("lr", defaultLr, Range.positive()),
        Schedules.required(spec, "gamma", Schedules.DECAY, EXAMPLE));
  }

  @Override
  public double rate(long step) {
    return lr * Math.pow(gamma, step - 1);
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", Specs.formatNumber(lr));
    args.put("gamma", Specs.formatNumber(gamma));
    return Specs.format(NAME, args);
  }
}
