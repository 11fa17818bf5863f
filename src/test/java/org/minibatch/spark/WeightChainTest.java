package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.minibatch.train.Precision;

/**
 * A sparse run's point sent as a base and the changes of each step: whatever the executor's
 * copy has seen, a task reads the point of its own step, in either precision, through dense
 * steps, re-bases and Java serialization (as tasks carry the chain).
 */
class WeightChainTest {
  private static Object read(WeightChain chain) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(chain);
    }
    try (ObjectInputStream in = new ObjectInputStream(
        new ByteArrayInputStream(bytes.toByteArray()))) {
      return ((WeightChain) in.readObject()).values();
    }
  }

  @Test
  void everyStepReadsItsOwnPoint() throws Exception {
    WeightChain.Sender sender = new WeightChain.Sender(LocalSpark.context());
    double[] w = {0.5, -1.25, 3.0, 1e-3, 7.0, 2.0};
    double[] first = w.clone();
    WeightChain step1 = sender.next(w, null, Precision.FLOAT64);
    assertArrayEquals(first, (double[]) read(step1), 0, "the base");
    w[2] = 4.5;
    w[4] = -1;
    WeightChain step2 = sender.next(w, new int[] {2, 4}, Precision.FLOAT64);
    double[] second = w.clone();
    w[0] = 9;
    WeightChain step3 = sender.next(w, new int[] {0}, Precision.FLOAT64);
    assertArrayEquals(w, (double[]) read(step3), 0, "two deltas on the base");
    assertArrayEquals(second, (double[]) read(step2), 0, "an older step, rebuilt");
    assertArrayEquals(first, (double[]) read(step1), 0, "the base is a snapshot");
    // the deltas outgrow the base (48 bytes: 12 a changed value): a new base
    for (int step = 0; step < 6; step++) {
      w[step % 6] += 1;
      WeightChain next = sender.next(w, new int[] {step % 6}, Precision.FLOAT64);
      assertArrayEquals(w, (double[]) read(next), 0, "step " + (step + 4));
    }
    w[1] = -8;
    w[5] = 0.25;
    assertArrayEquals(w, (double[]) read(sender.next(w, null, Precision.FLOAT64)), 0,
        "a dense step: a new base");
    sender.destroy();
  }

  @Test
  void float32ChainsCarryTheRoundedValues() throws Exception {
    WeightChain.Sender sender = new WeightChain.Sender(LocalSpark.context());
    double[] w = {0.1, 0.2, 0.3};
    read(sender.next(w, null, Precision.FLOAT32));
    w[1] = 1.0 / 3;
    float[] rounded = {(float) 0.1, (float) (1.0 / 3), (float) 0.3};
    assertArrayEquals(rounded, (float[]) read(sender.next(w, new int[] {1},
        Precision.FLOAT32)), 0);
    // a step the local route took: the next one starts from a new base
    w[0] = 5;
    w[2] = 6;
    sender.skipped();
    assertArrayEquals(new float[] {5, (float) (1.0 / 3), 6}, (float[]) read(sender.next(w,
        new int[] {2}, Precision.FLOAT32)), 0);
    sender.destroy();
  }
}
