package org.minibatch.optim.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestFunctionTest {

  @ParameterizedTest
  @EnumSource(TestFunction.class)
  void gradientsMatchCentralDifferences(TestFunction f) {
    Random random = new Random(3);
    double[] w = f.window();
    double[] g = new double[2];
    for (int n = 0; n < 200; n++) {
      double x = w[0] + (w[1] - w[0]) * random.nextDouble();
      double y = w[2] + (w[3] - w[2]) * random.nextDouble();
      f.gradient(x, y, g);
      double h = 1e-5;
      double dx = (f.value(x + h, y) - f.value(x - h, y)) / (2 * h);
      double dy = (f.value(x, y + h) - f.value(x, y - h)) / (2 * h);
      // Central differences err by O(h^2 f''') plus rounding; relative 1e-6 is far below a slip.
      assertEquals(dx, g[0], 1e-6 * (1 + Math.abs(dx)), f + " df/dx at " + x + "," + y);
      assertEquals(dy, g[1], 1e-6 * (1 + Math.abs(dy)), f + " df/dy at " + x + "," + y);
    }
  }

  @ParameterizedTest
  @EnumSource(TestFunction.class)
  void minimaAreStationaryWithValueZero(TestFunction f) {
    double[] g = new double[2];
    for (double[] m : f.minima()) {
      assertEquals(0, f.value(m[0], m[1]), 1e-20);
      f.gradient(m[0], m[1], g);
      assertEquals(0, Math.hypot(g[0], g[1]), 1e-12, f + " at " + m[0] + "," + m[1]);
    }
  }

  @Test
  void exactFormulasAtAPoint() {
    double x = 1.5;
    double y = -0.5;
    assertEquals(Math.pow(1 - x, 2) + 100 * Math.pow(y - x * x, 2),
        TestFunction.ROSENBROCK.value(x, y), 1e-12);
    assertEquals(Math.pow(1.5 - x + x * y, 2) + Math.pow(2.25 - x + x * y * y, 2)
        + Math.pow(2.625 - x + x * y * y * y, 2), TestFunction.BEALE.value(x, y), 1e-12);
    assertEquals(Math.pow(x * x + y - 11, 2) + Math.pow(x + y * y - 7, 2),
        TestFunction.HIMMELBLAU.value(x, y), 1e-12);
    assertEquals(2.25 - 0.25, TestFunction.SADDLE.value(x, y), 0);
    assertEquals(2.25 + 50 * 0.25, TestFunction.RAVINE.value(x, y), 0);
    assertEquals("(1-x)^2 + 100(y-x^2)^2", TestFunction.ROSENBROCK.formula());
    assertEquals(0, TestFunction.SADDLE.minima().length);
  }

  @Test
  void namesParseAndTyposSuggest() {
    assertEquals(List.of("rosenbrock", "beale", "himmelblau", "saddle", "ravine"),
        TestFunction.keys());
    assertEquals(TestFunction.HIMMELBLAU, TestFunction.parse(" Himmelblau"));
    assertEquals("unknown function 'rosenbrok'; did you mean 'rosenbrock'? Valid: rosenbrock,"
        + " beale, himmelblau, saddle, ravine", assertThrows(IllegalArgumentException.class,
            () -> TestFunction.parse("rosenbrok")).getMessage());
  }
}
