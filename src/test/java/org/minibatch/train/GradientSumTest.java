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
    GradientSum sum = GradientSum.mergeExact(GradientSum.of(0, values, 2.5, 4),
        GradientSum.zero(values.length));
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
    GradientSum.mergeExact(GradientSum.of(0, values, 0, 1), GradientSum.zero(values.length))
        .meanGradient(mean);
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], mean[i], 0x1p-65, "value " + values[i]);
    }
  }

  /** Partials of {@code count} partitions, then merged in random orders and tree shapes. */
  private static void mergeOrderDoesNotMatter(int count, boolean exact, boolean floats) {
    Random random = new Random(count);
    List<double[]> raw = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      double[] g = new double[50];
      for (int i = 0; i < g.length; i++) {
        double v = random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6);
        g[i] = floats ? (float) v : v;
      }
      raw.add(g);
    }
    double[] reference = null;
    for (int trial = 0; trial < 20; trial++) {
      List<GradientSum> pending = new ArrayList<>();
      for (int p = 0; p < count; p++) {
        pending.add(floats ? GradientSum.of(p, toFloats(raw.get(p)), p, 1)
            : GradientSum.of(p, raw.get(p), p, 1));
      }
      Collections.shuffle(pending, random);
      while (pending.size() > 1) {
        int i = random.nextInt(pending.size() - 1);
        GradientSum a = pending.remove(i);
        GradientSum b = pending.remove(i);
        pending.add(i, exact ? GradientSum.mergeExact(a, b) : GradientSum.merge(a, b));
      }
      double[] mean = new double[50];
      pending.get(0).meanGradient(mean);
      if (reference == null) {
        reference = mean;
      }
      assertArrayEquals(reference, mean, 0, count + " partials, trial " + trial);
      assertEquals(count, pending.get(0).rows());
    }
    for (int i = 0; i < 50; i++) {
      double sum = 0;
      for (double[] g : raw) {
        sum += g[i];
      }
      assertEquals(sum / count, reference[i], Math.abs(sum) * 1e-13 + 1e-18);
    }
  }

  private static float[] toFloats(double[] g) {
    float[] f = new float[g.length];
    for (int i = 0; i < g.length; i++) {
      f[i] = (float) g[i];
    }
    return f;
  }

  @Test
  void partialsKeptApartAddInPartitionOrderWhateverTheMergeOrder() {
    mergeOrderDoesNotMatter(12, false, false);
    mergeOrderDoesNotMatter(GradientSum.MAX_LISTED, false, true);
  }

  @Test
  void manyPartialsAndExactMergesGiveTheSameBitsInAnyOrder() {
    mergeOrderDoesNotMatter(40, false, false);
    mergeOrderDoesNotMatter(12, true, false);
    mergeOrderDoesNotMatter(40, true, true);
  }

  @Test
  void partitionOrderSumIsThePlainSumInThatOrder() {
    double[] a = {0.1, 1e16};
    double[] b = {0.2, 1};
    double[] c = {0.3, -1e16};
    GradientSum sum = GradientSum.merge(GradientSum.merge(GradientSum.of(2, c, 0, 1),
        GradientSum.of(0, a, 0, 1)), GradientSum.of(1, b, 0, 1));
    double[] mean = new double[2];
    sum.meanGradient(mean);
    assertEquals((0.1 + 0.2 + 0.3) / 3, mean[0], 0);
    assertEquals((1e16 + 1 - 1e16) / 3, mean[1], 0);
  }

  @Test
  void nonFiniteValuesPoisonTheSum() {
    GradientSum good = GradientSum.of(0, new double[] {1, 2}, 1, 1);
    GradientSum bad = GradientSum.of(1, new double[] {Double.NaN, 2}, 1, 1);
    GradientSum total = GradientSum.mergeExact(good, bad);
    assertTrue(total.poisoned());
    assertTrue(Double.isNaN(total.meanLoss()));
    double[] mean = new double[2];
    total.meanGradient(mean);
    assertTrue(Double.isNaN(mean[1]));
    assertTrue(GradientSum.mergeExact(GradientSum.of(0, new double[] {1e300}, 0, 1),
        GradientSum.of(1, new double[] {0}, 0, 1)).poisoned());
  }

  @Test
  void exactSumsThatLeaveTheFixedPointRangeAreReportedNotWrapped() {
    // each value is in range (below 2^62); three of them add up to 9 * 2^60 > 2^63
    double big = 0x1.8p61;
    for (double sign : new double[] {1, -1}) {
      GradientSum total = null;
      for (int p = 0; p < 3; p++) {
        total = GradientSum.mergeExact(total == null ? null : total,
            GradientSum.of(p, new double[] {sign * big, 1}, 0, 1));
      }
      assertTrue(total.overflowed(), "sign " + sign);
      assertTrue(total.poisoned());
      double[] mean = new double[2];
      total.meanGradient(mean);
      assertTrue(Double.isNaN(mean[0]) && Double.isNaN(mean[1]));
    }
    // two exact sums, each in range, merged: 2 * (2 * 3 * 2^60) = 12 * 2^60 wraps
    GradientSum left = GradientSum.mergeExact(GradientSum.of(0, new double[] {big}, 0, 1),
        GradientSum.of(1, new double[] {big}, 0, 1));
    GradientSum right = GradientSum.mergeExact(GradientSum.of(2, new double[] {big}, 0, 1),
        GradientSum.of(3, new double[] {big}, 0, 1));
    assertTrue(!left.overflowed() && !right.overflowed());
    assertTrue(GradientSum.mergeExact(left, right).overflowed());
    // large sums that come back into range on the way are exact, not an overflow
    GradientSum back = null;
    for (double v : new double[] {big, -big, big, -big, 0x1p61}) {
      back = GradientSum.mergeExact(back, GradientSum.of(0, new double[] {v}, 0, 1));
    }
    assertTrue(!back.overflowed() && !back.poisoned());
    double[] mean = new double[1];
    back.meanGradient(mean);
    assertEquals(0x1p61 / 5, mean[0], 0);
  }

  @Test
  void oneSumIsUsedExactlyAsComputed() {
    double[] values = {1e-300, 1e300, -0.1};
    GradientSum sum = GradientSum.of(3, values, 7, 1);
    double[] mean = new double[3];
    sum.meanGradient(mean);
    assertArrayEquals(values, mean, 0);
    assertEquals(7, sum.meanLoss(), 0);
  }

  /**
   * Past 524,288 values the totals are summed by ranges among threads: every value still gets
   * its partials added in partition order from +0 (listed partials, float64 and float32), or
   * its exact sum read back, as one loop gives it.
   */
  @Test
  void largeSumsGiveTheBitsOfOneLoop() {
    Random random = new Random(17);
    int size = (1 << 19) + 3;
    double[][] grads = new double[3][size];
    float[][] floats = new float[3][size];
    for (int p = 0; p < 3; p++) {
      for (int i = 0; i < size; i++) {
        grads[p][i] = random.nextGaussian() * Math.pow(10, random.nextInt(8) - 4);
        floats[p][i] = (float) grads[p][i];
      }
    }
    double[] expected = new double[size];
    double[] expectedFloats = new double[size];
    for (int i = 0; i < size; i++) {
      expected[i] = (((0 + grads[0][i]) + grads[1][i]) + grads[2][i]) / 24;
      expectedFloats[i] = (((0 + (double) floats[0][i]) + floats[1][i]) + floats[2][i]) / 24;
    }
    GradientSum listed = null;
    GradientSum listedFloats = null;
    GradientSum exact = null;
    for (int p = 2; p >= 0; p--) {
      listed = GradientSum.merge(listed, GradientSum.of(p, grads[p], 1, 8));
      listedFloats = GradientSum.merge(listedFloats, GradientSum.of(p, floats[p], 1, 8));
      exact = GradientSum.mergeExact(exact, GradientSum.of(p, grads[p], 1, 8));
    }
    double[] mean = new double[size];
    listed.meanGradient(mean);
    assertArrayEquals(expected, mean, 0, "listed float64 partials");
    listedFloats.meanGradient(mean);
    assertArrayEquals(expectedFloats, mean, 0, "listed float32 partials");
    double[] totals = new double[size];
    exact.totals(totals);
    for (int i = 0; i < size; i += 997) {
      double sumOfThree = new java.math.BigDecimal(grads[0][i])
          .add(new java.math.BigDecimal(grads[1][i]))
          .add(new java.math.BigDecimal(grads[2][i])).doubleValue();
      // the exact sum, to the fixed point's resolution of 2^-64 a partial
      assertEquals(sumOfThree, totals[i], Math.ulp(sumOfThree) + 0x1p-62, "exact total " + i);
    }
    GradientSum fresh = null;
    for (int p = 0; p < 3; p++) {
      fresh = GradientSum.mergeExact(fresh, GradientSum.of(p, grads[p], 1, 8));
    }
    double[] again = new double[size];
    fresh.totals(again);
    assertArrayEquals(totals, again, 0, "exact totals in another merge order");
  }
}
