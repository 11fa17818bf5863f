package org.minibatch.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.minibatch.util.Specs;
import org.minibatch.util.Suggest;

/** Parses optimizer spec strings: {@code name(key=value,...)}. */
public final class Optimizers {
  private static final Map<String, Function<Specs.Reader, Optimizer>> REGISTRY =
      new LinkedHashMap<>();

  static {
    // The lectures' order, then the variants beyond them.
    REGISTRY.put(Sgd.NAME, Sgd::read);
    REGISTRY.put(SignSgd.NAME, SignSgd::read);
    REGISTRY.put(Momentum.NAME, Momentum::read);
    REGISTRY.put(Nesterov.NAME, Nesterov::read);
    REGISTRY.put(Adagrad.NAME, Adagrad::read);
    REGISTRY.put(RmsProp.NAME, RmsProp::read);
    REGISTRY.put(Adadelta.NAME, Adadelta::read);
    REGISTRY.put(Adam.NAME, Adam::read);
    REGISTRY.put(AdamW.NAME, AdamW::read);
    REGISTRY.put(Adamax.NAME, Adamax::read);
    REGISTRY.put(AmsGrad.NAME, AmsGrad::read);
    REGISTRY.put(NAdam.NAME, NAdam::read);
    REGISTRY.put(LazyAdam.NAME, LazyAdam::read);
  }

  private Optimizers() {}

  /** The names that {@link #parse} accepts, in the lectures' order. */
  public static java.util.List<String> names() {
    return java.util.List.copyOf(REGISTRY.keySet());
  }

  /** Parses a spec such as {@code adam(lr=0.001,beta1=0.9)}; unknown names and keys fail. */
  public static Optimizer parse(String text) {
    return create(Specs.parse("optimizer", text));
  }

  /** The optimizer a parsed spec describes (one edited with {@link Specs.Parsed#with}, say). */
  public static Optimizer create(Specs.Parsed parsed) {
    Specs.Reader spec = parsed.reader();
    Function<Specs.Reader, Optimizer> factory = REGISTRY.get(spec.name());
    if (factory == null) {
      throw new IllegalArgumentException(Suggest.unknown("optimizer", spec.name(),
          REGISTRY.keySet()));
    }
    Optimizer optimizer = factory.apply(spec);
    spec.finish();
    return optimizer;
  }
}
