package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Step decay: the rate drops by the factor gamma after every {@code every} steps,
 * {@code eta_t = lr * gamma^floor(t / every)} with t = step - 1 (steps 1..every run at lr), as
 * PyTorch's {@code StepLR}. Spec {@code step(lr=0.1,gamma=0.5,every=1000)}; gamma defaults to
 * 0.1 as in PyTorch, lr to the optimizer's.
 */
public record StepDecay(double lr, double gamma, long every) implements Schedule {
  public static final String NAME = "step";
  public static final double DEFAULT_GAMMA = 0.1;
  static final String EXAMPLE = "step(lr=0.1,gamma=0.5,every=1000)";

  public StepDecay {
    Range.positive().check("lr", lr);
    Schedules.DECAY.check("gamma", gamma);
    Range.atLeast(1).check("every", every);
  }

  static StepDecay read(Specs.Reader spec, double defaultLr) {
    return new StepDecay(spec.number("lr", defaultLr, Range.positive()),
        spec.number("gamma", DEFAULT_GAMMA, Schedules.DECAY),
        Schedules.requiredInteger(spec, "every", Range.atLeast(1), EXAMPLE));
  }

  @Override
  public double rate(long step) {
    return lr * Math.pow(gamma, (step - 1) / every);
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", Specs.formatNumber(lr));
    args.put("gamma", Specs.formatNumber(gamma));
    args.put("every", Long.toString(every));
    return Specs.format(NAME, args);
  }
}
