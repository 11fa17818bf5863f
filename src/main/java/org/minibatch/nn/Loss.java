package org.minibatch.nn;

import java.util.Arrays;
import java.util.Locale;
import org.minibatch.util.Suggest;

/**
 * Loss functions, each computed from the output logits z so that no {@code log(0)} or overflow
 * can occur. A network's loss is the mean of the per-row losses over the rows of the batch; the
 * methods here return the per-row losses summed, and the caller divides by the row count (which
 * lets partitions add up their sums before anyone divides).
 *
 * <pre>
 *   mse            l = (1/k) sum_j (yhat_j - y_j)^2,   yhat = z (identity) or sigmoid(z)
 *                  dl/dz_j = 2 (yhat_j - y_j) / k  [ * yhat_j (1 - yhat_j) for a sigmoid output ]
 *   bce            l = (1/k) sum_j [ max(z_j,0) - z_j y_j + log(1 + e^-|z_j|) ]   (sigmoid output)
 *                  dl/dz_j = (sigmoid(z_j) - y_j) / k
 *   cross_entropy  l = logsumexp(z) - z_c,  c = the row's class index          (softmax output)
 *                  dl/dz_j = p_j - [j = c]
 * </pre>
 *
 * The 1/k of mse and bce makes them PyTorch's {@code MSELoss} and {@code BCEWithLogitsLoss} with
 * reduction {@code mean}; with one output they are the textbook forms.
 *
 * <p>With row weights w_r (Spark's {@code weightCol}) the sum is sum_r w_r l_r and each row's
 * delta is w_r dl/dz: the caller then divides by sum_r w_r, the weighted mean, which for whole
 * numbers equals repeating row r w_r times.
 */
public enum Loss {
  MSE, BINARY_CROSS_ENTROPY, CROSS_ENTROPY;

  public String specName() {
    return switch (this) {
      case MSE -> "mse";
      case BINARY_CROSS_ENTROPY -> "bce";
      case CROSS_ENTROPY -> "cross_entropy";
    };
  }

  /** The loss of a spec name ({@code mse}, {@code bce}, {@code cross_entropy}, any case). */
  public static Loss parse(String name) {
    for (Loss loss : values()) {
      if (loss.specName().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return loss;
      }
    }
    throw new IllegalArgumentException(Suggest.unknown("loss", name.strip(),
        Arrays.stream(values()).map(Loss::specName).toList()));
  }

  /** Whether this loss is defined for that output layer. */
  public boolean fits(OutputLayer output) {
    return switch (this) {
      case MSE -> output != OutputLayer.SOFTMAX;
      case BINARY_CROSS_ENTROPY -> output == OutputLayer.SIGMOID;
      case CROSS_ENTROPY -> output == OutputLayer.SOFTMAX;
    };
  }

  /** Values per target row: the class index for cross-entropy, one value per output otherwise. */
  public int targetWidth(int outputs) {
    return this == CROSS_ENTROPY ? 1 : outputs;
  }

  /**
   * Sum over rows of the per-row loss, writing d(sum)/dz into {@code delta} (rows x k, row-major).
   *
   * @param z logits, rows x k row-major
   * @param y targets, rows x targetWidth(k) row-major
   */
  public double lossAndDelta(OutputLayer output, double[] z, double[] y, int rows, int k,
      double[] delta) {
    return switch (this) {
      case MSE -> mse(output, z, y, rows, k, delta);
      case BINARY_CROSS_ENTROPY -> bce(z, y, rows, k, delta);
      case CROSS_ENTROPY -> crossEntropy(z, y, rows, k, delta);
    };
  }

  /**
   * As {@link #lossAndDelta(OutputLayer, double[], double[], int, int, double[])} with row r
   * weighted by {@code w[r]}: sum_r w_r l_r, and row r's delta times w_r. {@code w} null: all 1.
   */
  public double lossAndDelta(OutputLayer output, double[] z, double[] y, double[] w, int rows,
      int k, double[] delta) {
    double unweighted = lossAndDelta(output, z, y, rows, k, delta);
    if (w == null) {
      return unweighted;
    }
    double total = 0;
    for (int r = 0; r < rows; r++) {
      total += w[r] * rowLoss(output, z, y, r, k);
      for (int j = r * k; j < (r + 1) * k; j++) {
        delta[j] *= w[r];
      }
    }
    return total;
  }

  /** Sum over rows of the per-row loss, without gradients (evaluation). */
  public double loss(OutputLayer output, double[] z, double[] y, int rows, int k) {
    return loss(output, z, y, null, rows, k);
  }

  /** Sum over rows of w_r times the per-row loss ({@code w} null: all 1). */
  public double loss(OutputLayer output, double[] z, double[] y, double[] w, int rows, int k) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      total += w == null ? rowLoss(output, z, y, r, k) : w[r] * rowLoss(output, z, y, r, k);
    }
    return total;
  }

  /** Row r's loss. */
  private double rowLoss(OutputLayer output, double[] z, double[] y, int r, int k) {
    int zo = r * k;
    int yo = r * targetWidth(k);
    return switch (this) {
      case CROSS_ENTROPY -> logSumExp(z, zo, k) - z[zo + classIndex(y[yo], k, r)];
      case BINARY_CROSS_ENTROPY -> {
        double sum = 0;
        for (int j = 0; j < k; j++) {
          sum += bceTerm(z[zo + j], y[yo + j]);
        }
        yield sum / k;
      }
      case MSE -> {
        double sum = 0;
        for (int j = 0; j < k; j++) {
          double yhat = output == OutputLayer.SIGMOID ? Activation.sigmoid(z[zo + j]) : z[zo + j];
          double e = yhat - y[yo + j];
          sum += e * e;
        }
        yield sum / k;
      }
    };
  }

  private static double mse(OutputLayer output, double[] z, double[] y, int rows, int k,
      double[] delta) {
    double total = 0;
    int n = rows * k;
    for (int i = 0; i < n; i++) {
      double yhat = output == OutputLayer.SIGMOID ? Activation.sigmoid(z[i]) : z[i];
      double e = yhat - y[i];
      total += e * e;
      double d = 2 * e / k;
      delta[i] = output == OutputLayer.SIGMOID ? d * yhat * (1 - yhat) : d;
    }
    return total / k;
  }

  private static double bce(double[] z, double[] y, int rows, int k, double[] delta) {
    double total = 0;
    int n = rows * k;
    for (int i = 0; i < n; i++) {
      total += bceTerm(z[i], y[i]);
      delta[i] = (Activation.sigmoid(z[i]) - y[i]) / k;
    }
    return total / k;
  }

  private static double bceTerm(double z, double y) {
    return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }

  private static double crossEntropy(double[] z, double[] y, int rows, int k, double[] delta) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int off = r * k;
      int c = classIndex(y[r], k, r);
      double lse = logSumExp(z, off, k);
      total += lse - z[off + c];
      for (int j = 0; j < k; j++) {
        delta[off + j] = Math.exp(z[off + j] - lse);
      }
      delta[off + c] -= 1;
    }
    return total;
  }

  static double logSumExp(double[] z, int off, int k) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = off; j < off + k; j++) {
      max = Math.max(max, z[j]);
    }
    double sum = 0;
    for (int j = off; j < off + k; j++) {
      sum += Math.exp(z[j] - max);
    }
    return max + Math.log(sum);
  }

  private static int classIndex(double label, int k, int row) {
    int c = (int) label;
    if (c != label || c < 0 || c >= k) {
      throw new IllegalArgumentException(
          "row " + row + " of the batch: class label must be an integer in [0, " + (k - 1)
              + "], got " + label);
    }
    return c;
  }
}
