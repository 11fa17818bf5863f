package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagesTest {
  @Test
  void stagesKeepTheirOrderAddUpAndCountEvenWhenTheyFail() {
    Stages stages = Stages.starting();
    stages.add("read", 0.25);
    stages.add("cache", 1.5);
    stages.add("read", 0.5);
    assertThrows(IllegalStateException.class, () -> stages.time("train", () -> {
      throw new IllegalStateException("diverged");
    }));
    assertEquals(7, (int) stages.time("evaluate", () -> 7));
    stages.alongside("evaluate", "train");
    stages.mark("first_step");
    stages.mark("first_step");
    Map<String, Object> m = stages.toMap();
    assertEquals(List.of("read", "cache", "train", "evaluate", "evaluate_alongside",
        "first_step_at", "total"), List.copyOf(m.keySet()));
    assertTrue((Double) m.get("first_step_at") <= (Double) m.get("total"));
    assertEquals(0.75, (Double) m.get("read"), 0);
    assertEquals(1.5, (Double) m.get("cache"), 0);
    assertTrue((Double) m.get("train") >= 0);
    assertEquals("train", m.get("evaluate_alongside"));
    assertTrue(stages.oneLine().startsWith("stages: read 0.8 s, cache 1.5 s, train 0.0 s,"
        + " evaluate 0.0 s (alongside train), first step at 0.0 s; "), stages.oneLine());
    assertTrue(stages.oneLine().endsWith(" s in all"), stages.oneLine());
  }

  @Test
  void fromProcessStartCountsTheLaunchAsTheJvmsUptime() {
    long uptimeBefore = ManagementFactory.getRuntimeMXBean().getUptime();
    Stages stages = Stages.fromProcessStart();
    double launch = (Double) stages.toMap().get("launch");
    assertTrue(launch >= uptimeBefore / 1000.0, launch + " < " + uptimeBefore + " ms");
    double total = (Double) stages.toMap().get("total_since_process_start");
    assertTrue(total >= launch && total < launch + 1, total + " vs " + launch);
    assertTrue(stages.oneLine().endsWith(" s since the process started"));
  }
}
