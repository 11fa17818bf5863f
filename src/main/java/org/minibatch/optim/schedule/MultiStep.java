package org.minibatch.optim.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * Multi-step decay: the rate drops by the factor gamma once each milestone number of steps has
 * been taken, {@code eta_t = lr * gamma^(number of milestones <= t)} with t = step - 1, as
 * PyTorch's {@code MultiStepLR}: with {@code milestones=[100,200]} steps 1..100 run at lr,
 * 101..200 at lr*gamma, and later steps at lr*gamma^2. Spec
 * {@code multistep(lr=0.1,gamma=0.1,milestones=[100,200])}; gamma defaults to 0.1 as in PyTorch.
 */
public record MultiStep(double lr, double gamma, List<Long> milestones) implements Schedule {
  public static final String NAME = "multistep";
  public static final double DEFAULT_GAMMA = 0.1;
  static final String EXAMPLE = "multistep(lr=0.1,gamma=0.1,milestones=[100,200])";

  public MultiStep {
    Range.positive().check("lr", lr);
    Schedules.DECAY.check("gamma", gamma);
    milestones = List.copyOf(milestones);
    if (milestones.isEmpty()) {
      throw new IllegalArgumentException("milestones must not be empty, e.g. " + EXAMPLE);
    }
    for (int i = 0; i < milestones.size(); i++) {
      Range.atLeast(1).check("milestones", milestones.get(i));
      if (i > 0 && milestones.get(i) <= milestones.get(i - 1)) {
        throw new IllegalArgumentException("milestones must increase, got " + list(milestones));
      }
    }
  }

  static MultiStep read(Specs.Reader spec, double defaultLr) {
    double lr = spec.number("lr", defaultLr, Range.positive());
    double gamma = spec.number("gamma", DEFAULT_GAMMA, Schedules.DECAY);
    long[] raw = spec.integers("milestones", null, Range.atLeast(1));
    if (raw == null) {
      throw Schedules.missing(spec, "milestones", EXAMPLE);
    }
    List<Long> milestones = new ArrayList<>();
    for (long m : raw) {
      milestones.add(m);
    }
    return new MultiStep(lr, gamma, milestones);
  }

  @Override
  public double rate(long step) {
    int passed = 0;
    while (passed < milestones.size() && milestones.get(passed) < step) {
      passed++;
    }
    return lr * Math.pow(gamma, passed);
  }

  private static String list(List<Long> values) {
    return values.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", Specs.formatNumber(lr));
    args.put("gamma", Specs.formatNumber(gamma));
    args.put("milestones", list(milestones));
    return Specs.format(NAME, args);
  }
}
