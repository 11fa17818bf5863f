package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InitializerTest {
  private static final NetworkSpec SPEC = NetworkSpec.parse("400-300-10 relu softmax");

  @ParameterizedTest
  @ValueSource(strings = {"xavier_uniform", "xavier_normal", "he_uniform", "he_normal",
      "uniform(scale=0.01)"})
  void sameSeedSameWeightsOtherSeedOtherWeights(String text) {
    Initializer init = Initializer.parse(text);
    assertEquals(text, init.toString());
    assertArrayEquals(init.initialize(SPEC, 11), init.initialize(SPEC, 11), 0);
    assertFalse(Arrays.equals(init.initialize(SPEC, 11), init.initialize(SPEC, 12)));
  }

  @Test
  void theFirstLayerByInputGetsTheSameWeightsTransposed() {
    NetworkSpec byInput = SPEC.withFirstLayerByInput(true);
    for (String kind : new String[] {"he_uniform", "xavier_normal"}) {
      Initializer init = Initializer.parse(kind);
      double[] byUnit = init.initialize(SPEC, 5);
      double[] transposed = init.initialize(byInput, 5);
      assertEquals(byUnit[SPEC.weightIndex(1, 7, 123)], transposed[123 * 300 + 7], 0);
      assertArrayEquals(SPEC.convert(byUnit, byInput), transposed, 0, kind);
    }
  }

  @Test
  void weightsHaveTheDocumentedSpreadAndBiasesAreZero() {
    double[] he = Initializer.parse("he_normal").initialize(SPEC, 1);
    assertEquals(Math.sqrt(2.0 / 400), std(he, SPEC.weightOffset(1), SPEC.biasOffset(1)), 2e-3);
    double[] xavier = Initializer.parse("xavier_uniform").initialize(SPEC, 1);
    double bound = Math.sqrt(6.0 / 700);
    for (int i = SPEC.weightOffset(1); i < SPEC.biasOffset(1); i++) {
      assertTrue(Math.abs(xavier[i]) <= bound);
    }
    assertEquals(bound / Math.sqrt(3), std(xavier, SPEC.weightOffset(1), SPEC.biasOffset(1)),
        2e-3);
    for (int o = 0; o < 300; o++) {
      assertEquals(0, he[SPEC.biasOffset(1) + o]);
    }
  }

  @Test
  void rectifiersDefaultToHeOthersToXavier() {
    assertEquals("he_normal", Initializer.defaultFor(Activation.RELU).toString());
    assertEquals("xavier_uniform", Initializer.defaultFor(Activation.TANH).toString());
  }

  @Test
  void badSpecsAreRejected() {
    assertEquals("unknown initializer 'he_norml'; did you mean 'he_normal'? Valid: xavier_uniform,"
            + " xavier_normal, he_uniform, he_normal, uniform",
        assertThrows(IllegalArgumentException.class, () -> Initializer.parse("he_norml"))
            .getMessage());
    assertEquals("scale must be in (0, inf), got -1",
        assertThrows(IllegalArgumentException.class, () -> Initializer.parse("uniform(scale=-1)"))
            .getMessage());
  }

  private static double std(double[] v, int from, int to) {
    double sum = 0;
    double sumSq = 0;
    for (int i = from; i < to; i++) {
      sum += v[i];
      sumSq += v[i] * v[i];
    }
    int n = to - from;
    double mean = sum / n;
    return Math.sqrt(sumSq / n - mean * mean);
  }
}
