package org.minibatch.spark;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/** Views of an RDD restricted to some of its partitions, for jobs that need only those. */
final class Partitions {
  private Partitions() {}

  /** {@code rdd} with only the partitions {@code keep} (narrow: cached blocks stay put). */
  static <T> JavaRDD<T> only(JavaRDD<T> rdd, int[] keep) {
    boolean[] kept = new boolean[rdd.getNumPartitions()];
    for (int p : keep) {
      kept[p] = true;
    }
    return new JavaRDD<>(PartitionPruningRDD.create(rdd.rdd(), new Kept(kept)),
        ClassTag$.MODULE$.apply(Object.class));
  }

  private static final class Kept extends AbstractFunction1<Object, Object>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean[] kept;

    Kept(boolean[] kept) {
      this.kept = kept;
    }

    @Override
    public Object apply(Object partition) {
      return kept[(Integer) partition];
    }
  }
}
