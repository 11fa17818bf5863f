package org.minibatch.spark;

import java.util.List;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaRDD;
import org.minibatch.nn.BlasLibrary;

/**
 * The BLAS libraries and kernels the executors holding some data compute with: on a cluster of
 * mixed CPUs they differ, and with them the last bits of the gradients ({@link BlasLibrary}).
 */
public final class ExecutorBlas {
  private ExecutorBlas() {}

  /** The distinct {@link BlasLibrary#describe()} of the JVMs computing {@code rdd}'s partitions. */
  public static List<String> of(JavaRDD<?> rdd) {
    List<String> each = rdd.mapPartitions(rows -> List.of(BlasLibrary.current().describe())
        .iterator()).collect();
    return List.copyOf(new TreeSet<>(each));
  }
}
