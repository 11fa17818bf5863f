package org.minibatch.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.minibatch.util.Suggest;

/**
 * The floating-point precision of forward and backward propagation. The optimizer and the
 * weights on the driver are always float64; float32 sends float32 weights to the partitions,
 * computes with sgemm (about twice dgemm's rate here) and returns float32 gradient sums, which
 * halves the data moved per step. float64 is for exact work: gradient checks, agreement with
 * reference implementations to the last bits.
 */
public enum Precision {
  FLOAT32, FLOAT64;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> keys() {
    return Arrays.stream(values()).map(Precision::key).toList();
  }

  public static Precision parse(String text) {
    for (Precision p : values()) {
      if (p.key().equalsIgnoreCase(text.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(Suggest.unknown("precision", text, keys()));
  }
}
