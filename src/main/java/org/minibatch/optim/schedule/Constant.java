package org.minibatch.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;

/**
 * The same rate at every step: {@code eta_t = lr}. Spec {@code constant} (lr from the optimizer)
 * or {@code constant(lr=0.01)}.
 */
public record Constant(double lr) implements Schedule {
  public static final String NAME = "constant";

  public Constant {
    Range.positive().check("lr", lr);
  }

  static Constant read(Specs.Reader spec, double defaultLr) {
    return new Constant(spec.number("lr", defaultLr, Range.positive()));
  }

  @Override
  public double rate(long step) {
    return lr;
  }

  @Override
  public String toString() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("lr", Specs.formatNumber(lr));
    return Specs.format(NAME, args);
  }
}
