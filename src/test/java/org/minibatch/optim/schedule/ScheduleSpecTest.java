package org.minibatch.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Schedule specs: printing with defaults filled in, round trips, and messages. */
class ScheduleSpecTest {

  @Test
  void namesAndDefaults() {
    assertEquals(List.of("constant", "inverse_time", "step", "multistep", "exponential",
        "cyclic", "cosine", "cosine_restarts", "warmup"), Schedules.names());
    String[][] cases = {
        {"constant", "constant(lr=0.05)"},
        {"inverse_time(delta=0.01)", "inverse_time(lr=0.05,delta=0.01)"},
        {"step(every=100)", "step(lr=0.05,gamma=0.1,every=100)"},
        {"multistep(milestones=[5])", "multistep(lr=0.05,gamma=0.1,milestones=[5])"},
        {"exponential(gamma=0.99)", "exponential(lr=0.05,gamma=0.99)"},
        {"cyclic(base=0.01)", "cyclic(mode=triangular,base=0.01,max=0.05,half_cycle=2000)"},
        {"cosine(steps=10)", "cosine(lr=0.05,min=0,steps=10)"},
        {"cosine_restarts(t0=10)", "cosine_restarts(lr=0.05,min=0,t0=10,t_mult=1)"},
        {"warmup(steps=10)", "warmup(steps=10,then=constant(lr=0.05))"},
        {"warmup(steps=10,then=cosine(steps=5))",
            "warmup(steps=10,then=cosine(lr=0.05,min=0,steps=5))"}};
    for (String[] c : cases) {
      assertEquals(c[1], Schedules.parse(c[0], 0.05).toString(), c[0]);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "constant(lr=0.001)",
      "inverse_time(lr=0.1,delta=0.001)",
      "step(lr=0.1,gamma=0.5,every=1000)",
      "multistep(lr=0.1,gamma=0.2,milestones=[100,200,300])",
      "exponential(lr=0.3,gamma=0.999)",
      "cyclic(mode=triangular,base=0.0001,max=0.01,half_cycle=2000)",
      "cyclic(mode=triangular2,base=1e-4,max=0.01,half_cycle=2000)",
      "cyclic(mode=exp_range,base=0,max=0.01,half_cycle=50,gamma=0.9999)",
      "cosine(lr=0.1,min=1e-5,steps=1000)",
      "cosine_restarts(lr=0.1,min=0,t0=500,t_mult=2)",
      "warmup(steps=100,then=cosine(lr=0.1,min=0,steps=1000))",
      "warmup(steps=5,then=warmup(steps=2,then=multistep(lr=1,gamma=0.5,milestones=[3])))"})
  void specsRoundTrip(String spec) {
    Schedule schedule = Schedules.parse(spec, 123);
    Schedule again = Schedules.parse(schedule.toString(), 7);
    assertEquals(schedule, again);
    assertEquals(schedule.hashCode(), again.hashCode());
    assertEquals(schedule.toString(), again.toString());
    for (long step : new long[] {1, 2, 99, 100, 101, 1999, 2000, 2001, 123_456}) {
      assertEquals(schedule.rate(step), again.rate(step), 0);
    }
  }

  @Test
  void printedSpecsAreCanonical() {
    assertEquals("cyclic(mode=triangular2,base=1e-4,max=0.01,half_cycle=2000)",
        Schedules.parse("cyclic(mode=triangular2,base=1e-4,max=1e-2,half_cycle=2000)", 1)
            .toString());
    assertNotEquals(Schedules.parse("cosine(steps=10)", 0.1),
        Schedules.parse("cosine(steps=10)", 0.2));
  }

  private static String error(String spec) {
    return assertThrows(IllegalArgumentException.class, () -> Schedules.parse(spec, 0.1))
        .getMessage();
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    String all = "constant, inverse_time, step, multistep, exponential, cyclic, cosine,"
        + " cosine_restarts, warmup";
    assertEquals("unknown schedule 'cosin'; did you mean 'cosine'? Valid: " + all,
        error("cosin(steps=10)"));
    assertEquals("unknown key for schedule 'step' 'evry'; did you mean 'every'? Valid: lr,"
        + " gamma, every", error("step(evry=10)"));
    assertEquals("lr must be in (0, inf), got -0.1", error("constant(lr=-0.1)"));
    assertEquals("gamma must be in (0, 1], got 1.5", error("exponential(gamma=1.5)"));
    assertEquals("gamma must be in (0, 1], got 0", error("step(gamma=0,every=3)"));
    assertEquals("every must be in [1, inf), got 0", error("step(every=0)"));
    assertEquals("every must be an integer, got 2.5", error("step(every=2.5)"));
    assertEquals("schedule 'step' needs every, e.g. step(lr=0.1,gamma=0.5,every=1000)",
        error("step(gamma=0.5)"));
    assertEquals("schedule 'cosine' needs steps, e.g. cosine(lr=0.1,min=0,steps=1000)",
        error("cosine"));
    assertEquals("schedule 'multistep' needs milestones, e.g."
        + " multistep(lr=0.1,gamma=0.1,milestones=[100,200])", error("multistep"));
    assertEquals("milestones must increase, got [200,100]",
        error("multistep(milestones=[200,100])"));
    assertEquals("milestones must be in [1, inf), got 0", error("multistep(milestones=[0,5])"));
    assertEquals("min must be in [0, 0.1], got 0.2", error("cosine(min=0.2,steps=10)"));
    assertEquals("unknown mode 'triangulr'; did you mean 'triangular'? Valid: triangular,"
        + " triangular2, exp_range", error("cyclic(mode=triangulr,base=0.01)"));
    assertEquals("max must be in [0.01, inf), got 0.001",
        error("cyclic(base=0.01,max=0.001)"));
    assertEquals("gamma applies to mode=exp_range only, not to mode=triangular",
        error("cyclic(base=0.01,gamma=0.5)"));
    assertEquals("schedule 'cyclic' needs base, e.g."
        + " cyclic(mode=triangular2,base=1e-4,max=1e-2,half_cycle=2000)", error("cyclic"));
    assertEquals("t_mult must be in [1, inf), got 0", error("cosine_restarts(t0=5,t_mult=0)"));
    assertEquals("unknown schedule 'cosin'; did you mean 'cosine'? Valid: " + all,
        error("warmup(steps=3,then=cosin)"));
    assertEquals("steps must be in [1, inf), got 0", error("warmup(steps=0)"));
  }
}
