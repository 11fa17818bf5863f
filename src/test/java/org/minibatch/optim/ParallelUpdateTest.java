package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Large updates are shared among threads ({@code AbstractOptimizer.elementwise}): every rule
 * gives each parameter the bits it gives it in vectors of 1,000, each updated in one loop on
 * one thread, so the split changes nothing (the equations themselves:
 * {@link OptimizerEquationsTest}).
 */
class ParallelUpdateTest {
  static final int LARGE = 200_001;
  static final int SMALL = 1_000;

  @Test
  void everyRuleGivesTheBitsOfOneLoop() {
    for (String name : Optimizers.names()) {
      for (String spec : new String[] {name + "(lr=0.01)", name + "(lr=0.01,weight_decay=0.1)"}) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        double[] theta = random.doubles(LARGE, -1, 1).toArray();
        double[][] grads = new double[3][];
        for (int s = 0; s < 3; s++) {
          grads[s] = random.doubles(LARGE, -1, 1).toArray();
        }
        // the reference: the vector in pieces of SMALL, each stepped by an optimizer of its own
        double[] expected = new double[LARGE];
        for (int from = 0; from < LARGE; from += SMALL) {
          int to = Math.min(LARGE, from + SMALL);
          Optimizer small = Optimizers.parse(spec);
          double[] w = Arrays.copyOfRange(theta, from, to);
          for (double[] g : grads) {
            small.step(w, Arrays.copyOfRange(g, from, to), 0.01);
          }
          System.arraycopy(w, 0, expected, from, to - from);
        }
        Optimizer large = Optimizers.parse(spec);
        for (double[] g : grads) {
          large.step(theta, g.clone(), 0.01);
        }
        assertArrayEquals(expected, theta, 0, spec);
      }
    }
  }
}
