package org.minibatch.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Every schedule at, just before and just after each boundary, and at the end, against values
 * written out by hand. Step s runs at the rate for t = s - 1 completed steps.
 */
class ScheduleValuesTest {
  static final double TOL = 1e-12;

  static Schedule parse(String spec) {
    return Schedules.parse(spec, 0.5);
  }

  @Test
  void constant() {
    Schedule s = parse("constant");
    assertEquals(0.5, s.rate(1), 0);
    assertEquals(0.5, s.rate(1_000_000_000L), 0);
    assertEquals(0.02, parse("constant(lr=0.02)").rate(7), 0);
  }

  @Test
  void inverseTime() {
    Schedule s = parse("inverse_time(lr=0.1,delta=0.5)");
    assertEquals(0.1, s.rate(1), TOL);
    assertEquals(0.1 / 1.5, s.rate(2), TOL);
    assertEquals(0.1 / 2, s.rate(3), TOL);
    assertEquals(0.1 / 501, s.rate(1001), TOL);
  }

  @Test
  void stepDecay() {
    Schedule s = parse("step(lr=1,gamma=0.5,every=10)");
    assertEquals(1, s.rate(1), TOL);
    assertEquals(1, s.rate(10), TOL);
    assertEquals(0.5, s.rate(11), TOL);
    assertEquals(0.5, s.rate(20), TOL);
    assertEquals(0.25, s.rate(21), TOL);
    assertEquals(Math.pow(0.5, 9), s.rate(100), TOL);
    assertEquals(Math.pow(0.5, 10), s.rate(101), TOL);
  }

  @Test
  void multiStep() {
    Schedule s = parse("multistep(lr=1,gamma=0.1,milestones=[100,250])");
    assertEquals(1, s.rate(1), TOL);
    assertEquals(1, s.rate(100), TOL);
    assertEquals(0.1, s.rate(101), TOL);
    assertEquals(0.1, s.rate(250), TOL);
    assertEquals(0.01, s.rate(251), TOL);
    assertEquals(0.01, s.rate(1_000_000), TOL);
  }

  @Test
  void exponential() {
    Schedule s = parse("exponential(lr=0.1,gamma=0.9)");
    assertEquals(0.1, s.rate(1), TOL);
    assertEquals(0.09, s.rate(2), TOL);
    assertEquals(0.081, s.rate(3), TOL);
    assertEquals(0.1 * 0.3486784401, s.rate(11), TOL);
  }

  @Test
  void cyclicTriangular() {
    Schedule s = parse("cyclic(base=0.001,max=0.006,half_cycle=10)");
    double amp = 0.005;
    assertEquals(0.001, s.rate(1), TOL);
    assertEquals(0.001 + 0.1 * amp, s.rate(2), TOL);
    assertEquals(0.001 + 0.9 * amp, s.rate(10), TOL);
    assertEquals(0.006, s.rate(11), TOL);
    assertEquals(0.001 + 0.9 * amp, s.rate(12), TOL);
    assertEquals(0.001 + 0.1 * amp, s.rate(20), TOL);
    assertEquals(0.001, s.rate(21), TOL);
    assertEquals(0.001 + 0.1 * amp, s.rate(22), TOL);
    assertEquals(0.006, s.rate(31), TOL);
    assertEquals(0.006, s.rate(20 * 1000 + 11), TOL);
  }

  @Test
  void cyclicTriangular2HalvesTheAmplitudeEachCycle() {
    Schedule s = parse("cyclic(mode=triangular2,base=0.001,max=0.009,half_cycle=10)");
    assertEquals(0.009, s.rate(11), TOL);
    assertEquals(0.001 + 0.9 * 0.008, s.rate(12), TOL);
    assertEquals(0.001 + 0.1 * 0.008, s.rate(20), TOL);
    assertEquals(0.001, s.rate(21), TOL);
    assertEquals(0.001 + 0.1 * 0.004, s.rate(22), TOL);
    assertEquals(0.001 + 0.9 * 0.004, s.rate(30), TOL);
    assertEquals(0.005, s.rate(31), TOL);
    assertEquals(0.003, s.rate(51), TOL);
    assertEquals(0.002, s.rate(71), TOL);
  }

  @Test
  void cyclicExpRangeShrinksByGammaPerStep() {
    Schedule s = parse("cyclic(mode=exp_range,base=0.001,max=0.006,half_cycle=10,gamma=0.99)");
    assertEquals(0.001, s.rate(1), TOL);
    assertEquals(0.001 + 0.005 * 0.1 * 0.99, s.rate(2), TOL);
    assertEquals(0.001 + 0.005 * Math.pow(0.99, 10), s.rate(11), TOL);
    assertEquals(0.001 + 0.005 * 0.9 * Math.pow(0.99, 11), s.rate(12), TOL);
    assertEquals(0.001, s.rate(21), TOL);
    assertEquals(0.001 + 0.005 * Math.pow(0.99, 30), s.rate(31), TOL);
  }

  @Test
  void cosineAnnealsToTheFloorAndStays() {
    Schedule s = parse("cosine(lr=0.1,min=0.01,steps=100)");
    assertEquals(0.1, s.rate(1), TOL);
    assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI / 100)) / 2, s.rate(2), TOL);
    assertEquals(0.055, s.rate(51), TOL);
    assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI * 99 / 100)) / 2, s.rate(100), TOL);
    assertEquals(0.01, s.rate(101), TOL);
    assertEquals(0.01, s.rate(102), TOL);
    assertEquals(0.01, s.rate(1_000_000), TOL);
    assertEquals(0.25, parse("cosine(steps=2)").rate(2), TOL);
  }

  @Test
  void cosineRestartsWithGrowingCycles() {
    // Cycles of 10, 20, 40 steps: restarts at steps 11, 31 and 71.
    Schedule s = parse("cosine_restarts(lr=0.1,t0=10,t_mult=2)");
    assertEquals(0.1, s.rate(1), TOL);
    assertEquals(0.05 * (1 + Math.cos(Math.PI * 9 / 10)), s.rate(10), TOL);
    assertEquals(0.1, s.rate(11), TOL);
    assertEquals(0.05 * (1 + Math.cos(Math.PI / 20)), s.rate(12), TOL);
    assertEquals(0.05, s.rate(21), TOL);
    assertEquals(0.05 * (1 + Math.cos(Math.PI * 19 / 20)), s.rate(30), TOL);
    assertEquals(0.1, s.rate(31), TOL);
    assertEquals(0.05 * (1 + Math.cos(Math.PI / 40)), s.rate(32), TOL);
    assertEquals(0.05 * (1 + Math.cos(Math.PI * 39 / 40)), s.rate(70), TOL);
    assertEquals(0.1, s.rate(71), TOL);
  }

  @Test
  void cosineRestartsWithEqualCyclesAndAFloor() {
    Schedule s = parse("cosine_restarts(lr=0.3,min=0.1,t0=4)");
    assertEquals(0.3, s.rate(1), TOL);
    assertEquals(0.2, s.rate(3), TOL);
    assertEquals(0.1 + 0.1 * (1 + Math.cos(Math.PI * 3 / 4)), s.rate(4), TOL);
    assertEquals(0.3, s.rate(5), TOL);
    assertEquals(0.2, s.rate(7), TOL);
    assertEquals(0.3, s.rate(4001), TOL);
    assertEquals(0.2, s.rate(4003), TOL);
  }

  @Test
  void warmupRisesLinearlyThenRunsTheWrappedScheduleFromItsStart() {
    Schedule s = parse("warmup(steps=4,then=step(lr=0.8,gamma=0.5,every=3))");
    assertEquals(0.2, s.rate(1), TOL);
    assertEquals(0.4, s.rate(2), TOL);
    assertEquals(0.6, s.rate(3), TOL);
    assertEquals(0.8, s.rate(4), TOL);
    assertEquals(0.8, s.rate(5), TOL);
    assertEquals(0.8, s.rate(7), TOL);
    assertEquals(0.4, s.rate(8), TOL);
    assertEquals(0.8 * Math.pow(0.5, 32), s.rate(4 + 99), TOL);
    Schedule cosine = parse("warmup(steps=10,then=cosine(steps=100))");
    assertEquals(0.05, cosine.rate(1), TOL);
    assertEquals(0.45, cosine.rate(9), TOL);
    assertEquals(0.5, cosine.rate(10), TOL);
    assertEquals(0.5, cosine.rate(11), TOL);
    assertEquals(0.25, cosine.rate(61), TOL);
    assertEquals(0, cosine.rate(111), TOL);
    assertEquals(0.25, parse("warmup(steps=2)").rate(1), TOL);
    assertEquals(0.5, parse("warmup(steps=2)").rate(3), TOL);
  }
}
