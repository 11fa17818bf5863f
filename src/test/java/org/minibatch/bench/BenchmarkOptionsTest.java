package org.minibatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {
  static Benchmark.Options options(boolean quick, String schedule) {
    return new Benchmark.Options(2, Path.of("out"), quick, "adam(lr=0.004)", schedule, 1024, 3);
  }

  @Test
  void blankScheduleAnnealsOverTheWholeRun() {
    // 60,000 rows at batch 1024: 59 steps per epoch, the last one short.
    assertEquals("cosine(steps=177)", options(false, "").schedule(60_000));
    assertEquals("cosine(steps=59)", options(true, " ").schedule(60_000));
    assertEquals("cosine(steps=6)", options(false, "").schedule(1024 * 2 - 1));
    assertEquals("cosine(steps=3)", options(false, "").schedule(1024));
  }

  @Test
  void givenScheduleIsKept() {
    assertEquals("constant", options(false, "constant").schedule(60_000));
    assertEquals(3, options(false, "constant").epochs());
    assertEquals(1, options(true, "constant").epochs());
  }
}
