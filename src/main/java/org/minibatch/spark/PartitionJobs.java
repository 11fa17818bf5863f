package org.minibatch.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * One Spark job over the cached partitions whose results come back to the driver by partition
 * index, through {@code SparkContext.runJob} with plain function objects.
 *
 * <p>Why not {@code treeAggregate} or {@code collect}: every RDD operation hands Spark lambdas,
 * and Spark's {@code ClosureCleaner} parses the bytecode of the classes that define them on every
 * job (reading {@code RDD.class} and friends from their jars), a large share of what an empty
 * job costs (BENCHMARKS.md, "Behind the code"). A named class that is not a lambda is left
 * alone. Results
 * keyed by partition index also let the caller add them in a fixed order.
 */
public final class PartitionJobs {
  private PartitionJobs() {}

  /** What a task computes from its partition's cached data. */
  public abstract static class Work<R> extends AbstractFunction2<TaskContext,
      Iterator<PartitionData>, R> implements Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public final R apply(TaskContext context, Iterator<PartitionData> data) {
      return run(data.next());
    }

    protected abstract R run(PartitionData data);
  }

  /** Receives each task's result on the driver, by its position in the job's partition list. */
  private static final class Collector<R> extends AbstractFunction2<Object, R, BoxedUnit>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Object[] results;

    Collector(int partitions) {
      this.results = new Object[partitions];
    }

    @Override
    public BoxedUnit apply(Object index, R result) {
      results[(Integer) index] = result;
      return BoxedUnit.UNIT;
    }
  }

  /** Runs {@code work} on every partition of {@code blocks}; results in partition order. */
  public static <R> List<R> run(JavaRDD<PartitionData> blocks, Work<R> work) {
    int[] all = new int[blocks.getNumPartitions()];
    Arrays.setAll(all, p -> p);
    return run(blocks, work, all);
  }

  /**
   * Runs {@code work} on the given partitions of {@code blocks} only (one task each, none for
   * the others); results in the order of {@code partitions}.
   */
  @SuppressWarnings("unchecked")
  public static <R> List<R> run(JavaRDD<PartitionData> blocks, Work<R> work, int[] partitions) {
    List<Object> ids = new ArrayList<>(partitions.length);
    for (int p : partitions) {
      ids.add(p);
    }
    Collector<R> collector = new Collector<>(partitions.length);
    blocks.context().runJob(blocks.rdd(), work,
        scala.jdk.javaapi.CollectionConverters.asScala(ids).toSeq(), collector,
        ClassTag$.MODULE$.apply(Object.class));
    return (List<R>) Arrays.asList(collector.results);
  }
}
