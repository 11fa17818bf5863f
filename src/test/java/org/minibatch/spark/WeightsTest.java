package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.commons.lang3.SerializationUtils;
import org.junit.jupiter.api.Test;
import org.minibatch.train.Precision;

/** What executors of a real cluster read back from a broadcast's serialized pieces. */
class WeightsTest {
  private static final double[] POINT = {0.1, -2.5, 1e-30, 3.0000001, -0.0};

  @Test
  void float64WeightsAreThePointItselfAndComeBackExactly() {
    Weights weights = Weights.of(POINT, Precision.FLOAT64);
    assertSame(POINT, weights.values());
    assertArrayEquals(POINT, (double[]) SerializationUtils.roundtrip(weights).values());
  }

  @Test
  void float32WeightsAreThePointRoundedAndComeBackExactly() {
    float[] rounded = {0.1f, -2.5f, 1e-30f, 3.0000001f, -0.0f};
    Weights weights = Weights.of(POINT, Precision.FLOAT32);
    assertArrayEquals(rounded, (float[]) weights.values());
    assertArrayEquals(rounded, (float[]) SerializationUtils.roundtrip(weights).values());
  }
}
