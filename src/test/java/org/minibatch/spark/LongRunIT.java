package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.storage.BlockId;
import org.junit.jupiter.api.Test;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingResult;
import org.minibatch.train.TrainingListener;
import scala.runtime.AbstractFunction1;

/**
 * A few thousand steps of a job each (the route a cluster takes) leak nothing per step: the
 * broadcast blocks Spark holds stay flat between step 500 and the last, since each step destroys
 * its weights' broadcast, and the run keeps one window of history per logging window. The live
 * heap is printed for the record, not asserted (a GC's figure, not a mechanism).
 */
class LongRunIT {
  static final int STEPS = 3000;
  static final int WINDOW = 50;

  /** Broadcast blocks known to the block manager (weights of past steps would pile up here). */
  static int broadcastBlocks() {
    return SparkEnv.get().blockManager().master().getMatchingBlockIds(
        new AbstractFunction1<BlockId, Object>() {
          @Override
          public Object apply(BlockId id) {
            return id.isBroadcast();
          }
        }, true).size();
  }

  /**
   * Blocks left after Spark's ContextCleaner has caught up. Every job also broadcasts its task
   * binary, which the cleaner removes only after a GC clears its weak reference, on its own thread;
   * a single read right after {@code System.gc()} lands anywhere in that backlog.
   */
  static int settledBroadcastBlocks() throws InterruptedException {
    int least = Integer.MAX_VALUE;
    int unchanged = 0;
    for (int round = 0; round < 50 && unchanged < 3; round++) {
      System.gc();
      Thread.sleep(100);
      int now = broadcastBlocks();
      unchanged = now < least ? 0 : unchanged + 1;
      least = Math.min(least, now);
    }
    return least;
  }

  static long liveHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Test
  void broadcastsStayFlatOnTheJobRoute() throws Exception {
    TrainConfig config = TrainConfig.builder(DistributedTrainerTest.SPEC).optimizer("adam")
        .batchSize(16).seed(3).stop(org.minibatch.train.StopCriteria.epochs(1000)
            .withMaxSteps(STEPS)).logEverySteps(WINDOW).build();
    List<long[]> samples = new ArrayList<>();
    TrainingResult result;
    long jobs;
    try (CachedData data = CachedData.prepare(DistributedTrainerTest.rdd(
        DistributedTrainerTest.blobs(1600, 5), 2), config.network(),
        new CachedData.Layout(2, 0, 1));
        SparkActivity activity = SparkActivity.listen(data.context().sc())) {
      result = new Trainer(config).addListener(new TrainingListener() {
        @Override
        public void onStep(long step, int epoch, int stepInEpoch, double loss, double rate,
            long rows) {
          if (step == 500 || step == STEPS - 1) {
            try {
              samples.add(new long[] {step, liveHeap(), settledBroadcastBlocks()});
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
        }
      }).train(SparkGradientSource.withSparkJobs(config.network(), data, null));
      activity.close();
      jobs = activity.jobs();
    }
    assertEquals(STEPS, result.steps());
    assertEquals(STEPS, jobs, "a Spark job per step (no validation set)");
    assertEquals(2, samples.size());
    long[] early = samples.get(0);
    long[] late = samples.get(1);
    System.out.printf("after step %d: live heap %.1f MB, %d broadcast blocks; after step %d:"
            + " %.1f MB, %d broadcast blocks%n", early[0], early[1] / 1e6, early[2], late[0],
        late[1] / 1e6, late[2]);
    // A weight broadcast left behind each step would add two blocks per step: about 5000 here.
    assertTrue(late[2] <= early[2] + 10, "broadcast blocks grew from " + early[2] + " to "
        + late[2] + " over " + (late[0] - early[0]) + " steps");
    assertEquals(STEPS / WINDOW, result.history().windows().size(),
        "the history keeps a window per " + WINDOW + " steps, nothing per step");
  }
}
