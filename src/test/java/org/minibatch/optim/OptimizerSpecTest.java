package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec strings: defaults, round trips, and the messages for bad specs. */
class OptimizerSpecTest {
  /** Every optimizer with its defaults, as printed: the defaults are checked here once. */
  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("sgd", "sgd(lr=0.01)"),
      Map.entry("sign_sgd", "sign_sgd(lr=0.01)"),
      Map.entry("momentum", "momentum(lr=0.01,gamma=0.9)"),
      Map.entry("nesterov", "nesterov(lr=0.01,gamma=0.9)"),
      Map.entry("adagrad", "adagrad(lr=0.01,eps=1e-10)"),
      Map.entry("rmsprop", "rmsprop(lr=0.01,beta=0.99,eps=1e-8)"),
      Map.entry("adadelta", "adadelta(lr=1,rho=0.9,eps=1e-6)"),
      Map.entry("adam", "adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)"),
      Map.entry("adamw", "adamw(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8,weight_decay=0.01)"),
      Map.entry("adamax", "adamax(lr=0.002,beta1=0.9,beta2=0.999,eps=1e-8)"),
      Map.entry("amsgrad", "amsgrad(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)"),
      Map.entry("nadam", "nadam(lr=0.002,beta1=0.9,beta2=0.999,eps=1e-8,momentum_decay=0.004)"),
      Map.entry("lazy_adam", "lazy_adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)"));

  /** A spec for every optimizer with every key set away from its default. */
  static Stream<String> nonDefaultSpecs() {
    return Stream.of(
        "sgd(lr=0.5,weight_decay=1e-4,clip_norm=5)",
        "sign_sgd(lr=0.003,clip_norm=1)",
        "momentum(lr=0.05,gamma=0.5,weight_decay=0.001)",
        "nesterov(lr=0.05,gamma=0.99,weight_decay=0.001,clip_norm=2)",
        "adagrad(lr=0.1,eps=1e-6,weight_decay=0.3)",
        "rmsprop(lr=0.001,beta=0.9,eps=1e-6,clip_norm=10)",
        "adadelta(lr=0.5,rho=0.95,eps=1e-8,weight_decay=1e-5)",
        "adam(lr=3e-4,beta1=0,beta2=0.99,eps=1e-7,weight_decay=0.1,clip_norm=1)",
        "adamw(lr=3e-4,beta1=0.8,beta2=0.95,eps=1e-6,weight_decay=0,clip_norm=1)",
        "adamax(lr=0.01,beta1=0.5,beta2=0.9,eps=1e-4)",
        "amsgrad(lr=0.01,beta1=0.5,beta2=0.9,eps=1e-4,weight_decay=0.2)",
        "nadam(lr=0.01,beta1=0.5,beta2=0.9,eps=1e-4,momentum_decay=0,clip_norm=3)");
  }

  @Test
  void namesInTheLecturesOrder() {
    assertEquals(List.of("sgd", "sign_sgd", "momentum", "nesterov", "adagrad", "rmsprop",
        "adadelta", "adam", "adamw", "adamax", "amsgrad", "nadam", "lazy_adam"),
        Optimizers.names());
  }

  @Test
  void defaultsPrintInFull() {
    assertEquals(DEFAULTS.keySet(), Set.copyOf(Optimizers.names()));
    DEFAULTS.forEach((name, spec) -> {
      Optimizer opt = Optimizers.parse(name);
      assertEquals(spec, opt.toString());
      assertEquals(name, opt.name());
    });
  }

  @ParameterizedTest
  @MethodSource("nonDefaultSpecs")
  void specsRoundTrip(String spec) {
    Optimizer opt = Optimizers.parse(spec);
    assertEquals(spec, opt.toString());
    Optimizer again = Optimizers.parse(opt.toString());
    assertEquals(opt, again);
    assertEquals(opt.hashCode(), again.hashCode());
    assertEquals(opt, opt.copy());
    assertNotEquals(opt, Optimizers.parse(opt.name()));
  }

  @Test
  void specsIgnoreCaseAndSpacesAndOrder() {
    assertEquals(Optimizers.parse("adam(lr=0.01,beta2=0.99)"),
        Optimizers.parse(" Adam( beta2 = 0.99 , lr = 1e-2 ) "));
  }

  private static String error(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> Optimizers.parse(spec))
        .getMessage();
  }

  @Test
  void badValuesNameKeyValueAndRange() {
    assertEquals("lr must be in (0, inf), got -0.1", error("adam(lr=-0.1)"));
    assertEquals("lr must be in (0, inf), got 0", error("sgd(lr=0)"));
    assertEquals("beta1 must be in [0, 1), got 1", error("adam(beta1=1)"));
    assertEquals("beta2 must be in [0, 1), got 1.2", error("nadam(beta2=1.2)"));
    assertEquals("beta must be in [0, 1), got -0.5", error("rmsprop(beta=-0.5)"));
    assertEquals("rho must be in [0, 1), got 1", error("adadelta(rho=1)"));
    assertEquals("gamma must be in [0, 1), got 1.5", error("momentum(gamma=1.5)"));
    assertEquals("gamma must be in [0, 1), got 1", error("nesterov(gamma=1)"));
    assertEquals("eps must be in (0, inf), got 0", error("adagrad(eps=0)"));
    assertEquals("eps must be in (0, inf), got -1e-8", error("adam(eps=-1e-8)"));
    assertEquals("weight_decay must be in [0, inf), got -0.01", error("adamw(weight_decay=-0.01)"));
    assertEquals("clip_norm must be in [0, inf), got -1", error("sgd(clip_norm=-1)"));
    assertEquals("momentum_decay must be in [0, inf), got -1", error("nadam(momentum_decay=-1)"));
    assertEquals("lr must be a number, got 'fast'", error("adam(lr=fast)"));
  }

  @Test
  void constructorsValidateToo() {
    assertEquals("beta2 must be in [0, 1), got 1",
        assertThrows(IllegalArgumentException.class,
            () -> new Adam(0.001, 0.9, 1, 1e-8, OptimizerOptions.NONE)).getMessage());
    assertEquals("lr must be in (0, inf), got -1",
        assertThrows(IllegalArgumentException.class,
            () -> new Momentum(-1, 0.9, OptimizerOptions.NONE)).getMessage());
  }

  @Test
  void misspelledNamesAndKeysGetTheClosestValidOne() {
    String all = "sgd, sign_sgd, momentum, nesterov, adagrad, rmsprop, adadelta, adam, adamw,"
        + " adamax, amsgrad, nadam, lazy_adam";
    assertEquals("unknown optimizer 'adma'; did you mean 'adam'? Valid: " + all, error("adma"));
    assertEquals("unknown optimizer 'nesterow'; did you mean 'nesterov'? Valid: " + all,
        error("nesterow(lr=0.1)"));
    assertEquals("unknown optimizer 'lbfgs' Valid: " + all, error("lbfgs"));
    assertEquals("unknown key for optimizer 'adam' 'betta1'; did you mean 'beta1'? Valid: lr,"
        + " beta1, beta2, eps, weight_decay, clip_norm", error("adam(betta1=0.8)"));
    assertEquals("unknown key for optimizer 'momentum' 'gama'; did you mean 'gamma'? Valid:"
        + " lr, gamma, weight_decay, clip_norm", error("momentum(gama=0.9)"));
    assertEquals("unknown key for optimizer 'sgd' 'momentum' Valid: lr, weight_decay, clip_norm",
        error("sgd(momentum=0.9)"));
  }

  /** withLearningRate/withWeightDecay/withClipNorm equal the spec written with those keys. */
  @ParameterizedTest
  @MethodSource("nonDefaultSpecs")
  void optionsSetOnTheObjectEqualTheSpecWithThem(String spec) {
    String name = spec.substring(0, spec.indexOf('('));
    Optimizer base = Optimizers.parse(spec);
    String body = spec.substring(spec.indexOf('(') + 1, spec.length() - 1)
        .replaceAll("(^|,)(lr|weight_decay|clip_norm)=[^,]*", "").replaceFirst("^,", "");
    String others = body.isEmpty() ? "" : "," + body;
    assertEquals(Optimizers.parse(name + "(lr=0.25" + others + ",weight_decay="
            + base.options().weightDecay() + ",clip_norm=" + base.options().clipNorm() + ")"),
        base.withLearningRate(0.25));
    assertEquals(Optimizers.parse(name + "(lr=" + base.learningRate() + others
            + ",weight_decay=0.125,clip_norm=" + base.options().clipNorm() + ")"),
        base.withWeightDecay(0.125));
    assertEquals(Optimizers.parse(name + "(lr=" + base.learningRate() + others
            + ",weight_decay=" + base.options().weightDecay() + ",clip_norm=7)"),
        base.withClipNorm(7));
    assertEquals(base, base.withLearningRate(0.25).withLearningRate(base.learningRate()));
  }

  @Test
  void optionsSetOnTheObjectAreCheckedLikeTheSpec() {
    Optimizer adam = Optimizers.parse("adam");
    assertEquals("lr must be in (0, inf), got -1", assertThrows(IllegalArgumentException.class,
        () -> adam.withLearningRate(-1)).getMessage());
    assertEquals("weight_decay must be in [0, inf), got -0.5", assertThrows(
        IllegalArgumentException.class, () -> adam.withWeightDecay(-0.5)).getMessage());
    assertEquals("clip_norm must be in [0, inf), got -2", assertThrows(
        IllegalArgumentException.class, () -> adam.withClipNorm(-2)).getMessage());
  }

  @Test
  void anOptionSetOnTheObjectStartsFromFreshState() {
    Optimizer adam = Optimizers.parse("adam(lr=0.1)");
    adam.step(new double[] {1, 2}, new double[] {0.5, -0.5}, 0.1);
    assertEquals(1, adam.steps());
    assertEquals(0, adam.withLearningRate(0.2).steps());
  }
}
