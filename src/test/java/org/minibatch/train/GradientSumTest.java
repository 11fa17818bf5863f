package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientSumTest {

  @Test
  void valuesWhoseBitsLieAboveTheResolutionRoundTripExactly() {
    // a double's 53 bits stay above 2^-64 while |x| >= 2^-11
    double[] values = {0, 1, -1, 0.1, -0.1, 0x1p-11, -0x1.fffffffffffffp-11, 123456.789,
        -9.87654321e9, Math.PI, -Math.E, 0x1p-60, 4.0e15};
    GradientSum sum = GradientSum.of(values, 2.5, 4).add(GradientSum.zero(values.length));
    double[] mean = new double[values.length];
    sum.meanGradient(mean);
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i] / 4, mean[i], 0, "value " + values[i]);
    }
    assertEquals(2.5 / 4, sum.meanLoss(), 0);
    assertEquals(2.5, sum.lossSum(), 0);
  }

  @Test
  void smallerValuesKeepTheAbsoluteResolution() {
    double[] values = {1e-10, -3.5e-12, 1e-19, -1e-25};
    double[] mean = new double[values.length];
    GradientSum.of(values, 0, 1).add(GradientSum.zero(values.length)).meanGradient(mean);
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], mean[i], 0x1p-65, "value " + values[i]);
    }
  }

  @Test
  void mergeOrderDoesNotChangeTheBits() {
    Random random = new Random(3);
    List<double[]> raw = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      double[] g = new double[50];
      for (int i = 0; i < g.length; i++) {
        g[i] = random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
      }
      raw.add(g);
    }
    double[] reference = null;
    for (int trial = 0; trial < 20; trial++) {
      Collections.shuffle(raw, random);
      GradientSum total = null;
      for (double[] g : raw) {
        total = GradientSum.merge(total, GradientSum.of(g, 1, 1));
      }
      double[] mean = new double[50];
      total.meanGradient(mean);
      if (reference == null) {
        reference = mean;
      }
      assertArrayEquals(reference, mean, 0);
    }
    // and it is the true sum to within double rounding
    for (int i = 0; i < 50; i++) {
      double exact = 0;
      for (double[] g : raw) {
        exact += g[i];
      }
      assertEquals(exact / 12, reference[i], Math.abs(exact) * 1e-14 + 1e-18);
    }
  }

  @Test
  void nonFiniteValuesPoisonTheSum() {
    GradientSum good = GradientSum.of(new double[] {1, 2}, 1, 1);
    GradientSum bad = GradientSum.of(new double[] {Double.NaN, 2}, 1, 1);
    GradientSum total = GradientSum.merge(good, bad);
    assertTrue(total.poisoned());
    assertTrue(Double.isNaN(total.meanLoss()));
    double[] mean = new double[2];
    total.meanGradient(mean);
    assertTrue(Double.isNaN(mean[1]));
    assertTrue(GradientSum.merge(GradientSum.of(new double[] {1e300}, 0, 1),
        GradientSum.of(new double[] {0}, 0, 1)).poisoned());
  }

  @Test
  void oneSumIsUsedExactlyAsComputed() {
    double[] values = {1e-300, 1e300, -0.1};
    GradientSum sum = GradientSum.of(values, 7, 1);
    double[] mean = new double[3];
    sum.meanGradient(mean);
    assertArrayEquals(values, mean, 0);
    assertEquals(7, sum.meanLoss(), 0);
  }
}
