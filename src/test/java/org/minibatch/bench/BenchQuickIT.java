package org.minibatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.spark.LocalSpark;

/**
 * The benchmark's short mode, so the full one keeps working: every section produces its rows
 * with finite values, and the files are written. Speed is not asserted here (BENCHMARKS.md
 * records a full run); only what must hold on any machine is: our cached bytes per row.
 */
class BenchQuickIT {
  @TempDir
  Path out;

  @Test
  void quickBenchmarkFillsEveryTableSection() throws Exception {
    Benchmark.Options options = new Benchmark.Options(2, out, true, "adam(lr=0.003)",
        "constant", 1024, 1);
    Table table = new Benchmark(options, System.out).run(LocalSpark.session());
    Benchmark.write(table, out);
    System.out.print(table.markdown());
    // "whole" runs submit-scripts/minibatch from the working directory, the project's here
    for (String group : List.of("whole", "limit", "memory", "ours", "step", "flops", "scaling",
        "mllib", "speed")) {
      assertTrue(table.rows().stream().anyMatch(r -> r.group().equals(group)), group);
    }
    Table.Row whole = table.rows().stream()
        .filter(r -> r.metric().startsWith("ours: `train` wall seconds, 1 epoch")).findFirst()
        .orElseThrow();
    Table.Row firstStep = table.rows().stream()
        .filter(r -> r.metric().contains("first training step begins")).findFirst()
        .orElseThrow();
    assertTrue(firstStep.value() > 0 && firstStep.value() < whole.value(), firstStep.toString());
    for (Table.Row row : table.rows()) {
      if (!row.metric().contains("seconds to")) {
        assertFalse(Double.isNaN(row.value()), row.metric());
      }
    }
    Table.Row memory = table.rows().stream()
        .filter(r -> r.metric().equals("ours: cached bytes per training row")).findFirst()
        .orElseThrow();
    assertTrue(memory.ratio() <= 1.1, "cached bytes per row " + memory.value());
    assertTrue(Files.readString(out.resolve("bench.md")).startsWith("| group |"));
    assertTrue(Files.exists(out.resolve("bench.csv")));
  }

  @Test
  void quickSparseGroupMeasuresEveryWidth() {
    Benchmark.Options options = new Benchmark.Options(2, out, true, "adam(lr=0.003)",
        "constant", 1024, 1);
    Table table = Benchmark.sparse(LocalSpark.session(), options, System.out);
    System.out.print(table.markdown());
    List<Table.Row> steps = table.rows().stream()
        .filter(r -> r.metric().startsWith("ours: ms a step at")).toList();
    assertEquals(2, steps.size(), "100k and 1M inputs");
    assertTrue(steps.get(0).metric().contains("100,000 inputs"), steps.get(0).metric());
    assertTrue(Double.isNaN(steps.get(0).reference()), "the first width is the reference");
    assertEquals(steps.get(0).value(), steps.get(1).reference(), 0);
    for (Table.Row row : table.rows()) {
      assertTrue(row.value() > 0 && Double.isFinite(row.value()), row.toString());
    }
    table.rows().stream().filter(r -> r.group().equals("memory"))
        .forEach(r -> assertTrue(r.ratio() <= 1, "cached bytes per non-zero " + r));
  }
}
