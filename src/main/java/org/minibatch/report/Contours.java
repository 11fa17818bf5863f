package org.minibatch.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Contour lines of a function sampled on a grid, by marching squares, and the levels to draw
 * them at. XChart has no contour chart, so a level's line comes out as one polyline whose
 * separate pieces are divided by NaN, which XChart draws as gaps.
 */
public final class Contours {
  private Contours() {}

  /** A polyline of one level: x and y with NaN between unconnected pieces. */
  public record Line(double level, double[] x, double[] y) {}

  /**
   * The line where z = level, for z[j][i] sampled at (xs[i], ys[j]). Each grid cell whose
   * corners lie on both sides of the level contributes one segment (two at a saddle cell),
   * with end points interpolated linearly along the cell's edges.
   */
  public static Line line(double[] xs, double[] ys, double[][] z, double level) {
    List<double[]> segments = new ArrayList<>();
    for (int j = 0; j + 1 < ys.length; j++) {
      for (int i = 0; i + 1 < xs.length; i++) {
        cell(xs, ys, z, i, j, level, segments);
      }
    }
    double[] x = new double[segments.size() * 3];
    double[] y = new double[segments.size() * 3];
    for (int s = 0; s < segments.size(); s++) {
      double[] seg = segments.get(s);
      x[3 * s] = seg[0];
      y[3 * s] = seg[1];
      x[3 * s + 1] = seg[2];
      y[3 * s + 1] = seg[3];
      x[3 * s + 2] = Double.NaN;
      y[3 * s + 2] = Double.NaN;
    }
    return new Line(level, x, y);
  }

  private static void cell(double[] xs, double[] ys, double[][] z, int i, int j, double level,
      List<double[]> out) {
    // Corners counter-clockwise from bottom-left; edge k joins corner k and corner k+1.
    double[] cx = {xs[i], xs[i + 1], xs[i + 1], xs[i]};
    double[] cy = {ys[j], ys[j], ys[j + 1], ys[j + 1]};
    double[] v = {z[j][i], z[j][i + 1], z[j + 1][i + 1], z[j + 1][i]};
    double[][] cross = new double[4][];
    int crossings = 0;
    for (int k = 0; k < 4; k++) {
      int n = (k + 1) % 4;
      if (!Double.isFinite(v[k]) || !Double.isFinite(v[n])) {
        return;
      }
      if ((v[k] >= level) != (v[n] >= level)) {
        double f = (level - v[k]) / (v[n] - v[k]);
        cross[k] = new double[] {cx[k] + f * (cx[n] - cx[k]), cy[k] + f * (cy[n] - cy[k])};
        crossings++;
      }
    }
    if (crossings == 2) {
      double[] a = null;
      for (double[] c : cross) {
        if (c != null && a == null) {
          a = c;
        } else if (c != null) {
          out.add(new double[] {a[0], a[1], c[0], c[1]});
        }
      }
    } else if (crossings == 4) {
      // A saddle cell: the cell's mean decides which opposite corners are connected; the
      // lines cut off the two corners on the other side of the level than the centre.
      boolean centreAbove = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
      for (int k = 0; k < 4; k++) {
        if ((v[k] >= level) != centreAbove) {
          double[] before = cross[(k + 3) % 4];
          double[] after = cross[k];
          out.add(new double[] {before[0], before[1], after[0], after[1]});
        }
      }
    }
  }

  /**
   * {@code count} levels spread over the values of {@code z}: geometrically spaced when the
   * function is non-negative (valleys such as Rosenbrock's only show with log-spaced levels),
   * evenly spaced otherwise.
   */
  public static double[] levels(double[][] z, int count) {
    double[] values = Arrays.stream(z).flatMapToDouble(Arrays::stream)
        .filter(Double::isFinite).sorted().toArray();
    if (values.length == 0 || count < 1) {
      return new double[0];
    }
    double low = values[0];
    double high = values[values.length - 1];
    double[] levels = new double[count];
    if (low >= 0 && high > 0) {
      // Start at a low quantile, not the minimum: the minimum is often exactly 0, and levels
      // far below the data's bulk pile up into a solid band around the minimum.
      double from = Math.max(values[values.length / 50], high * 1e-7);
      double ratio = Math.log(high / from) / count;
      for (int k = 0; k < count; k++) {
        levels[k] = from * Math.exp(ratio * k);
      }
    } else {
      double stepSize = (high - low) / count;
      for (int k = 0; k < count; k++) {
        levels[k] = low + stepSize * (k + 0.5);
      }
    }
    return levels;
  }
}
