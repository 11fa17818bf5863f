package org.minibatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContoursTest {

  static double[] grid(double from, double to, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = from + (to - from) * i / (n - 1);
    }
    return v;
  }

  @Test
  void circleContourLiesOnTheCircle() {
    double[] xs = grid(-2, 2, 81);
    double[] ys = grid(-2, 2, 81);
    double[][] z = new double[81][81];
    for (int j = 0; j < 81; j++) {
      for (int i = 0; i < 81; i++) {
        z[j][i] = xs[i] * xs[i] + ys[j] * ys[j];
      }
    }
    Contours.Line line = Contours.line(xs, ys, z, 1.0);
    int points = 0;
    double minAngle = Math.PI;
    double maxAngle = -Math.PI;
    for (int k = 0; k < line.x().length; k++) {
      if (k % 3 == 2) {
        assertTrue(Double.isNaN(line.x()[k]) && Double.isNaN(line.y()[k]), "piece separator");
        continue;
      }
      // Linear interpolation along a cell edge of width 0.05 errs by well under 0.01 here.
      assertEquals(1.0, Math.hypot(line.x()[k], line.y()[k]), 2e-3);
      double angle = Math.atan2(line.y()[k], line.x()[k]);
      minAngle = Math.min(minAngle, angle);
      maxAngle = Math.max(maxAngle, angle);
      points++;
    }
    assertTrue(points > 100, "segments all around: " + points);
    assertTrue(minAngle < -3.0 && maxAngle > 3.0, "all the way around the origin");
    assertEquals(0, Contours.line(xs, ys, z, 100).x().length, "a level above every value");
  }

  @Test
  void saddleCellGetsTwoSegmentsCuttingOffTheCornersUnlikeTheCentre() {
    // Corners (counter-clockwise from bottom-left) 1, 0, 1, 0 with mean 0.5 >= level 0.4:
    // the high corners connect through the centre, so the low corners are cut off.
    double[] xs = {0, 1};
    double[] ys = {0, 1};
    double[][] z = {{1, 0}, {0, 1}};
    Contours.Line line = Contours.line(xs, ys, z, 0.4);
    assertEquals(6, line.x().length);
    // Corner (1, 0) is cut between its bottom edge and its right edge.
    assertEquals(0.6, line.x()[0], 1e-12);
    assertEquals(0.0, line.y()[0], 1e-12);
    assertEquals(1.0, line.x()[1], 1e-12);
    assertEquals(0.4, line.y()[1], 1e-12);
  }

  @Test
  void levelsAreLogSpacedForNonNegativeValuesAndEvenOtherwise() {
    double[][] positive = {{0, 1, 10}, {100, 1000, 10000}};
    double[] levels = Contours.levels(positive, 4);
    assertEquals(4, levels.length);
    double ratio = levels[1] / levels[0];
    for (int k = 2; k < 4; k++) {
      assertEquals(ratio, levels[k] / levels[k - 1], 1e-9);
    }
    assertTrue(levels[3] < 10000);
    double[][] signed = {{-4, 0}, {2, 4}};
    double[] even = Contours.levels(signed, 4);
    assertEquals(-3, even[0], 1e-12);
    assertEquals(3, even[3], 1e-12);
  }
}
