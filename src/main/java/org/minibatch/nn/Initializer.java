package org.minibatch.nn;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.minibatch.util.Range;
import org.minibatch.util.Specs;
import org.minibatch.util.Suggest;

/**
 * Initial weights, reproducible from a seed; biases start at zero.
 *
 * <pre>
 *   xavier_uniform  W ~ U(-a, a),  a = sqrt(6 / (n_in + n_out))     (Glorot &amp; Bengio 2010)
 *   xavier_normal   W ~ N(0, 2 / (n_in + n_out))
 *   he_uniform      W ~ U(-a, a),  a = sqrt(6 / n_in)                (He et al. 2015)
 *   he_normal       W ~ N(0, 2 / n_in)
 *   uniform         W ~ U(-scale, scale), scale = 0.05 unless given: uniform(scale=0.01)
 * </pre>
 *
 * Weights are drawn layer by layer in the parameter layout order of {@link NetworkSpec} from one
 * {@link SplittableRandom} seeded with the seed, so the same seed gives the same weights on any JVM.
 */
public final class Initializer implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The initialization schemes, by spec name. */
  public enum Kind {
    XAVIER_UNIFORM, XAVIER_NORMAL, HE_UNIFORM, HE_NORMAL, UNIFORM;

    public String specName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final double DEFAULT_UNIFORM_SCALE = 0.05;
  private static final List<String> NAMES =
      Arrays.stream(Kind.values()).map(Kind::specName).toList();

  private final Kind kind;
  private final double scale;

  private Initializer(Kind kind, double scale) {
    this.kind = kind;
    this.scale = scale;
  }

  public static Initializer of(Kind kind) {
    return new Initializer(kind, DEFAULT_UNIFORM_SCALE);
  }

  public static Initializer uniform(double scale) {
    return new Initializer(Kind.UNIFORM, Range.positive().check("scale", scale));
  }

  /** He for rectifiers, Xavier otherwise (the usual pairing). */
  public static Initializer defaultFor(Activation hidden) {
    return switch (hidden.kind()) {
      case RELU, LEAKY_RELU -> of(Kind.HE_NORMAL);
      default -> of(Kind.XAVIER_UNIFORM);
    };
  }

  public static Initializer parse(String text) {
    Specs.Reader spec = Specs.parse("initializer", text).reader();
    Kind kind;
    try {
      kind = Kind.valueOf(spec.name().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Suggest.unknown("initializer", spec.name(), NAMES));
    }
    Initializer result = kind == Kind.UNIFORM
        ? uniform(spec.number("scale", DEFAULT_UNIFORM_SCALE, Range.positive()))
        : of(kind);
    spec.finish();
    return result;
  }

  public Kind kind() {
    return kind;
  }

  /** Fresh parameters for {@code spec}. */
  public double[] initialize(NetworkSpec spec, long seed) {
    double[] params = new double[spec.numParameters()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int l = 1; l <= spec.layers(); l++) {
      int fanIn = spec.size(l - 1);
      int fanOut = spec.size(l);
      // Drawn hidden unit by hidden unit in either layout, so the layout changes no value.
      for (int o = 0; o < fanOut; o++) {
        for (int i = 0; i < fanIn; i++) {
          params[spec.weightIndex(l, o, i)] = draw(random, fanIn, fanOut);
        }
      }
    }
    return params;
  }

  private double draw(SplittableRandom random, int fanIn, int fanOut) {
    return switch (kind) {
      case XAVIER_UNIFORM -> uniformDraw(random, Math.sqrt(6.0 / (fanIn + fanOut)));
      case XAVIER_NORMAL -> random.nextGaussian() * Math.sqrt(2.0 / (fanIn + fanOut));
      case HE_UNIFORM -> uniformDraw(random, Math.sqrt(6.0 / fanIn));
      case HE_NORMAL -> random.nextGaussian() * Math.sqrt(2.0 / fanIn);
      case UNIFORM -> uniformDraw(random, scale);
    };
  }

  private static double uniformDraw(SplittableRandom random, double a) {
    return (2 * random.nextDouble() - 1) * a;
  }

  @Override
  public String toString() {
    if (kind != Kind.UNIFORM) {
      return kind.specName();
    }
    Map<String, String> args = new LinkedHashMap<>();
    args.put("scale", Specs.formatNumber(scale));
    return Specs.format(kind.specName(), args);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Initializer other && other.kind == kind
        && (kind != Kind.UNIFORM || Double.compare(other.scale, scale) == 0);
  }

  @Override
  public int hashCode() {
    return kind == Kind.UNIFORM ? kind.hashCode() * 31 + Double.hashCode(scale) : kind.hashCode();
  }
}
