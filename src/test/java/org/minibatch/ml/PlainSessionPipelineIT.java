package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.testing.ChildJvm;

/**
 * A Spark user's own session: {@code PipelineExample} builds a plain {@code SparkSession} (none
 * of the {@code minibatch} command's defaults), here with Kryo as {@code spark.serializer}, and
 * fits the pipeline on a 64-partition DataFrame of Fashion-MNIST, in its own JVM.
 */
class PlainSessionPipelineIT {
  @TempDir
  Path dir;

  @Test
  void aPipelineFitsOnSixtyFourPartitionsWithKryoInAPlainSession() throws Exception {
    Path log = dir.resolve("pipeline.log");
    Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx4g", "-Dspark.master=local[2]",
        "-Dspark.driver.host=127.0.0.1",
        "-Dspark.serializer=org.apache.spark.serializer.KryoSerializer"),
        "org.minibatch.examples.PipelineExample", List.of("1", "60000", "-", "64")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the pipeline did not finish");
    String output = Files.readString(log);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("over 64 partitions"), output);
    Matcher accuracy = Pattern.compile("test accuracy (0\\.\\d+)").matcher(output);
    assertTrue(accuracy.find(), output);
    System.out.println(output.lines().filter(l -> l.contains("a step")
        || l.contains("test accuracy")).toList());
    assertTrue(Double.parseDouble(accuracy.group(1)) > 0.8, accuracy.group());
  }
}
