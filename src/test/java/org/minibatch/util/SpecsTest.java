package org.minibatch.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecsTest {

  @Test
  void parsesNestedSpecsAndLists() {
    Specs.Parsed p = Specs.parse("schedule",
        "Warmup(steps=100, then=cosine(lr=0.1,steps=1000), at=[1,2,3])");
    assertEquals("warmup", p.name());
    assertEquals(Map.of("steps", "100", "then", "cosine(lr=0.1,steps=1000)", "at", "[1,2,3]"),
        p.args());
    Specs.Reader r = p.reader();
    assertEquals(100, r.integer("steps", 0, Range.atLeast(1)));
    assertArrayEquals(new long[] {1, 2, 3}, r.integers("at", null, Range.atLeast(0)));
    assertEquals("cosine(lr=0.1,steps=1000)", r.raw("then"));
    r.finish();
  }

  @Test
  void numbersPrintShortAndReadBackExactly() {
    for (double v : new double[] {0.001, 1e-8, 100, 0.9, 0.999, 1.5e-4, 3e10, 0.1 + 0.2}) {
      assertEquals(v, Double.parseDouble(Specs.formatNumber(v)), 0);
    }
    assertEquals("1e-8", Specs.formatNumber(1e-8));
    assertEquals("100", Specs.formatNumber(100));
    assertEquals("0.001", Specs.formatNumber(0.001));
  }

  @Test
  void errorsNameTheKeyTheValueAndTheRange() {
    Specs.Reader r = Specs.parse("optimizer", "adam(beta2=1.2)").reader();
    assertEquals("beta2 must be in [0, 1), got 1.2",
        assertThrows(IllegalArgumentException.class,
            () -> r.number("beta2", 0.999, Range.closedOpen(0, 1))).getMessage());
    Specs.Reader typo = Specs.parse("optimizer", "adam(betta1=0.8)").reader();
    typo.number("beta1", 0.9, Range.closedOpen(0, 1));
    typo.number("beta2", 0.9, Range.closedOpen(0, 1));
    assertEquals("unknown key for optimizer 'adam' 'betta1'; did you mean 'beta1'? Valid: beta1,"
        + " beta2", assertThrows(IllegalArgumentException.class, typo::finish).getMessage());
    assertEquals("lr must be a number, got 'fast'", assertThrows(IllegalArgumentException.class,
        () -> Specs.parse("optimizer", "sgd(lr=fast)").reader().number("lr", 1,
            Range.positive())).getMessage());
    assertEquals("optimizer spec 'sgd(lr=0.1' must end with ')'",
        assertThrows(IllegalArgumentException.class, () -> Specs.parse("optimizer", "sgd(lr=0.1"))
            .getMessage());
    assertEquals("optimizer spec 'sgd(lr)': expected key=value, got 'lr'",
        assertThrows(IllegalArgumentException.class, () -> Specs.parse("optimizer", "sgd(lr)"))
            .getMessage());
    assertEquals("optimizer spec 'sgd(lr=1,lr=2)': key 'lr' given twice",
        assertThrows(IllegalArgumentException.class,
            () -> Specs.parse("optimizer", "sgd(lr=1,lr=2)")).getMessage());
  }

  @Test
  void suggestionsOnlyForLikelyTypos() {
    assertEquals("adam", Suggest.closest("adma", List.of("sgd", "adam", "adagrad")).orElseThrow());
    assertEquals(false, Suggest.closest("lbfgs", List.of("sgd", "adam")).isPresent());
  }

  @Test
  void aParsedSpecIsEditedAsAStructureNotAsText() {
    Specs.Parsed adam = Specs.parse("optimizer", "adam(lr=0.1,beta1=0.8)");
    assertEquals("adam(lr=0.01,beta1=0.8)", adam.with("lr", "0.01").toString());
    assertEquals("adam(lr=0.1,beta1=0.8,eps=1e-6)", adam.with("eps", "1e-6").toString());
    assertEquals("adam(lr=0.1,beta1=0.8)", adam.toString(), "the original is unchanged");
    assertEquals("sgd(lr=0.5)", Specs.parse("optimizer", "sgd").with("lr", "0.5").toString());
  }
}
