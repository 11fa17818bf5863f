package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingListener;
import org.minibatch.train.TrainingResult;

/**
 * A step's work is O(batch), whatever the rows cached: at 1x and 10x the rows, every step
 * backprops the batch's rows and no more, runs a task or two, and each partition draws its
 * permutation of the epoch once, not once a step. (How long a step takes at 1x to 16x
 * Fashion-MNIST is measured by {@code bench}, "Step time against rows".)
 */
class StepWorkTest {
  private static final int PARTITIONS = 8;
  private static final int BATCH = 64;
  private static final int STEPS = 20;

  /** Rows each step read, the run's jobs and tasks, and each partition's permutation draws. */
  private record Work(List<Long> rowsPerStep, long jobs, long tasks, List<Long> draws) {}

  private static Work train(int rows) {
    TrainConfig config = TrainConfig.builder(DistributedTrainerTest.SPEC).optimizer("sgd")
        .batchSize(BATCH).seed(5).stop(StopCriteria.epochs(1).withMaxSteps(STEPS)).build();
    List<Long> rowsPerStep = new ArrayList<>();
    try (CachedData data = CachedData.prepare(DistributedTrainerTest.rdd(
        DistributedTrainerTest.blobs(rows, 2), 2), config.network(),
        new CachedData.Layout(PARTITIONS, 0, 1))) {
      TrainingResult result;
      SparkActivity activity = SparkActivity.listen(data.context().sc());
      try (activity) {
        result = new Trainer(config).addListener(new TrainingListener() {
          @Override
          public void onStep(long step, int epoch, int stepInEpoch, double loss, double rate,
              long stepRows) {
            rowsPerStep.add(stepRows);
          }
        }).train(SparkGradientSource.withSparkJobs(config.network(), data, null));
      }
      assertEquals(STEPS, result.steps());
      List<Long> draws = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        draws.add(LocalBlocks.cached(data.blocks().id(), p).orderDraws());
      }
      return new Work(rowsPerStep, activity.jobs(), activity.tasks(), draws);
    }
  }

  @Test
  void aStepReadsTheBatchWhateverTheRowsCached() {
    Work small = train(2_000);
    Work large = train(20_000);
    for (Work w : List.of(small, large)) {
      assertEquals(java.util.Collections.nCopies(STEPS, (long) BATCH), w.rowsPerStep());
      assertEquals(STEPS, w.jobs(), "a job per step");
      assertTrue(w.draws().stream().allMatch(d -> d <= 1), "draws per partition in one epoch: "
          + w.draws());
      assertTrue(w.draws().stream().mapToLong(Long::longValue).sum() > 0, w.draws().toString());
    }
    // batch 64 over 8 partitions reads one lane: a task a step, two where the slice runs
    // into the next partition of the lane; never a task for every partition
    for (Work w : List.of(small, large)) {
      assertTrue(w.tasks() >= STEPS && w.tasks() <= 2L * STEPS, w.tasks() + " tasks for "
          + STEPS + " steps");
    }
  }
}
