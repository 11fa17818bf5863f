package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.minibatch.train.Precision;

/** What executors of a real cluster read back from a broadcast's serialized pieces. */
class WeightsTest {
  private static final double[] POINT = {0.1, -2.5, 1e-30, 3.0000001, -0.0};

  private static Weights roundTrip(Weights weights) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(weights);
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      return (Weights) in.readObject();
    }
  }

  @Test
  void float64WeightsAreThePointItselfAndComeBackExactly() throws Exception {
    Weights weights = Weights.of(POINT, Precision.FLOAT64);
    assertSame(POINT, weights.values());
    assertArrayEquals(POINT, (double[]) roundTrip(weights).values());
  }

  @Test
  void float32WeightsAreThePointRoundedAndComeBackExactly() throws Exception {
    float[] rounded = {0.1f, -2.5f, 1e-30f, 3.0000001f, -0.0f};
    Weights weights = Weights.of(POINT, Precision.FLOAT32);
    assertArrayEquals(rounded, (float[]) weights.values());
    assertArrayEquals(rounded, (float[]) roundTrip(weights).values());
  }
}
