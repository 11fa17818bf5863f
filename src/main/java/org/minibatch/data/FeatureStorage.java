package org.minibatch.data;

import java.util.List;
import java.util.Locale;

/**
 * How the cached blocks hold the features: dense float32 rows (4 bytes a feature, read with
 * gemm) or CSR (8 bytes a non-zero, the first layer touching only the columns present). The
 * key {@code data.sparse} takes {@code auto} (the default), {@code true} or {@code false}.
 *
 * <p>{@code auto} chooses once per dataset from a sample of its first rows (when it has at least
 * {@link #AUTO_MIN_FEATURES} features; narrower data stays dense): CSR when at most
 * {@link #AUTO_DENSITY} of the features are non-zero. At that density CSR holds a fifth of the
 * dense bytes, and a gemm over a dense batch does ten times the first layer's useful work, which
 * its speed per product no longer makes up for on wide data.
 */
public enum FeatureStorage {
  AUTO, DENSE, SPARSE;

  /** The largest fraction of non-zero features that {@code auto} stores as CSR. */
  public static final double AUTO_DENSITY = 0.1;

  /** Rows {@code auto} looks at. */
  public static final int AUTO_SAMPLE_ROWS = 256;

  /**
   * Below this many features {@code auto} keeps rows dense without sampling: such a row is at
   * most 4 KB, and the sample would cost a Spark job.
   */
  public static final int AUTO_MIN_FEATURES = 1000;

  /** Whether resolving this storage for {@code features} features needs sample rows. */
  public boolean needsSample(int features) {
    return this == AUTO && features >= AUTO_MIN_FEATURES;
  }

  /** {@code auto}, {@code true} (sparse) or {@code false} (dense), as {@code data.sparse}. */
  public static FeatureStorage parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "true" -> SPARSE;
      case "false" -> DENSE;
      default -> throw new IllegalArgumentException("data.sparse must be auto, true or false,"
          + " got '" + text + "'");
    };
  }

  /** Resolves {@code auto} from sample rows (their non-zero share); others are themselves. */
  public FeatureStorage resolve(List<LabeledRow> sample) {
    if (this != AUTO) {
      return this;
    }
    if (sample.isEmpty()) {
      return DENSE;
    }
    long nonZeros = 0;
    long cells = 0;
    for (LabeledRow row : sample) {
      if (row == null || row.values() == null) {
        continue;
      }
      cells += row.size();
      nonZeros += row.isSparse() ? row.values().length : count(row.values());
    }
    return cells > 0 && nonZeros <= AUTO_DENSITY * cells ? SPARSE : DENSE;
  }

  private static long count(double[] values) {
    long n = 0;
    for (double v : values) {
      n += v != 0 ? 1 : 0;
    }
    return n;
  }

  /** The key's value that names this storage. */
  public String keyValue() {
    return switch (this) {
      case AUTO -> "auto";
      case DENSE -> "false";
      case SPARSE -> "true";
    };
  }
}
