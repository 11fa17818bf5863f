package org.minibatch.optim;

import java.io.Serializable;
import java.util.Map;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;
import org.minibatch.util.VectorMath;

/**
 * The options every optimizer shares: L2 weight decay {@code lambda} (g += lambda * theta before
 * the update; AdamW decays the weights directly instead) and clipping of the global gradient norm
 * (g *= c / ||g|| when ||g|| > c). Zero turns either off. Clipping comes first, as with PyTorch's
 * {@code clip_grad_norm_} before {@code optimizer.step()}.
 */
public record OptimizerOptions(double weightDecay, double clipNorm) implements Serializable {
  public static final OptimizerOptions NONE = new OptimizerOptions(0, 0);

  public OptimizerOptions {
    Range.nonNegative().check("weight_decay", weightDecay);
    Range.nonNegative().check("clip_norm", clipNorm);
  }

  /** Reads {@code weight_decay} and {@code clip_norm} from a spec. */
  public static OptimizerOptions read(Specs.Reader spec) {
    return read(spec, 0);
  }

  /** As {@link #read(Specs.Reader)}, for a rule whose own default decay is not zero (AdamW). */
  public static OptimizerOptions read(Specs.Reader spec, double defaultWeightDecay) {
    return new OptimizerOptions(
        spec.number("weight_decay", defaultWeightDecay, Range.nonNegative()),
        spec.number("clip_norm", 0, Range.nonNegative()));
  }

  /** Adds the set options to a spec's printed arguments. */
  public void write(Map<String, String> args) {
    if (weightDecay != 0) {
      args.put("weight_decay", Specs.formatNumber(weightDecay));
    }
    if (clipNorm != 0) {
      args.put("clip_norm", Specs.formatNumber(clipNorm));
    }
  }

  /** Scales {@code g} so its Euclidean norm is at most clipNorm (if clipping is on). */
  public void clip(double[] g) {
    if (clipNorm == 0) {
      return;
    }
    double norm = VectorMath.norm(g);
    if (norm > clipNorm) {
      double scale = clipNorm / norm;
      for (int i = 0; i < g.length; i++) {
        g[i] *= scale;
      }
    }
  }

  /** {@link #clip(double[])} for a sparse gradient: the same scale, on its non-zeros. */
  public void clip(SparseGradient g) {
    if (clipNorm == 0) {
      return;
    }
    double norm = g.norm();
    if (norm > clipNorm) {
      double scale = clipNorm / norm;
      double[] values = g.values();
      for (int k = 0; k < values.length; k++) {
        values[k] *= scale;
      }
    }
  }

  /** g += weightDecay * theta. */
  public void addWeightDecay(double[] params, double[] g) {
    if (weightDecay == 0) {
      return;
    }
    for (int i = 0; i < g.length; i++) {
      g[i] += weightDecay * params[i];
    }
  }
}
