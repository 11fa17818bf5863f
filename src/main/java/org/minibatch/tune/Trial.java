package org.minibatch.tune;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of a search: an id (from 1, in the order trials were drawn) and a value for every
 * searched key.
 */
public record Trial(int id, Map<String, String> values) {
  public Trial {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** {@code key=value, key=value}, for messages. */
  public String describe() {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
