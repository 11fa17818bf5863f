package org.minibatch.optim;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detached copy of an optimizer's state, for checkpoints: the spec it belongs to, the step
 * count t, and each state array (named as in the update equations, e.g. {@code m}, {@code v}),
 * aligned with the flat parameters.
 */
public record OptimizerState(String spec, long steps, Map<String, double[]> slots)
    implements Serializable {

  public OptimizerState {
    Map<String, double[]> copy = new LinkedHashMap<>();
    slots.forEach((name, values) -> copy.put(name, values.clone()));
    slots = Collections.unmodifiableMap(copy);
  }
}
