package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Large updates are shared among threads ({@code AbstractOptimizer.elementwise}): every rule
 * gives each parameter the bits it gives the same parameter in a small vector, updated in one
 * loop, so the split changes nothing (the equations themselves: {@link OptimizerEquationsTest}).
 */
class ParallelUpdateTest {
  static final int LARGE = 200_000;
  static final int SMALL = 1_000;

  @Test
  void everyRuleGivesTheBitsOfOneLoop() {
    assertTrue(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() >= 1);
    for (String name : Optimizers.names()) {
      for (String spec : new String[] {name + "(lr=0.01)", name + "(lr=0.01,weight_decay=0.1)"}) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        double[] theta = random.doubles(LARGE, -1, 1).toArray();
        double[][] grads = new double[3][];
        for (int s = 0; s < 3; s++) {
          grads[s] = random.doubles(LARGE, -1, 1).toArray();
        }
        // the first and the last SMALL parameters, each stepped alone in a small vector
        int[] starts = {0, LARGE - SMALL};
        double[][] alone = new double[2][];
        for (int part = 0; part < 2; part++) {
          int from = starts[part];
          Optimizer small = Optimizers.parse(spec);
          double[] w = Arrays.copyOfRange(theta, from, from + SMALL);
          for (double[] g : grads) {
            small.step(w, Arrays.copyOfRange(g, from, from + SMALL), 0.01);
          }
          alone[part] = w;
        }
        Optimizer large = Optimizers.parse(spec);
        for (double[] g : grads) {
          large.step(theta, g.clone(), 0.01);
        }
        for (int part = 0; part < 2; part++) {
          assertArrayEquals(alone[part], Arrays.copyOfRange(theta, starts[part],
              starts[part] + SMALL), 0, spec + ", parameters from " + starts[part]);
        }
      }
    }
  }
}
