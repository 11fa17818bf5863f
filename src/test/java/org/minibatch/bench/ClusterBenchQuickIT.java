package org.minibatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.testing.ChildJvm;

/**
 * {@code bench --cluster 2 --quick} in its own JVM (it starts and stops Spark sessions of its
 * own, and a standalone cluster), so the cluster benchmark keeps working: every row of
 * cluster.md has a number for the cluster and for local[2].
 */
class ClusterBenchQuickIT {
  @TempDir
  Path out;

  @Test
  void quickClusterBenchmarkWritesEveryRow() throws Exception {
    Path log = out.resolve("bench.log");
    Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx4g"),
        "org.minibatch.cli.Main", List.of("bench", "--cluster", "2", "--quick", "--out",
            out.toString())))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the benchmark did not finish");
    assertEquals(0, p.exitValue(), Files.readString(log));
    List<String> rows = Files.readAllLines(out.resolve("cluster.csv"));
    // 2 partition counts x 3 rows (step, bytes in, bytes out) + MLlib, after the header
    assertEquals(1 + 2 * 3 + 1, rows.size(), String.join("\n", rows));
    for (String row : rows.subList(1, rows.size())) {
      assertTrue(!row.contains("NaN") && !row.contains("Infinity"), row);
    }
    assertTrue(Files.readString(out.resolve("cluster.md")).contains("2 executors"));
  }
}
