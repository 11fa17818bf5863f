package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.minibatch.data.LabeledRow;
import org.minibatch.train.Evaluation;
import org.minibatch.train.Precision;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingResult;

/**
 * Local mode's steps without Spark jobs give the weights a job per step gives, bit for bit, on
 * both aggregation routes, in float64 and float32, and fall back to jobs when a block is not
 * cached here. A listener counts the jobs each run starts, so a direct run that silently fell
 * back to jobs fails.
 */
class LocalBlocksTest {
  private static final int PARTITIONS = 24;

  @Test
  void localMastersAndTheirThreads() {
    assertEquals(1, LocalBlocks.localThreads("local"));
    assertEquals(3, LocalBlocks.localThreads("local[3]"));
    assertEquals(2, LocalBlocks.localThreads("local[2,4]"));
    assertEquals(Runtime.getRuntime().availableProcessors(),
        LocalBlocks.localThreads("local[*]"));
    assertEquals(0, LocalBlocks.localThreads("local-cluster[2,1,1024]"));
    assertEquals(0, LocalBlocks.localThreads("spark://127.0.0.1:7077"));
    assertEquals(0, LocalBlocks.localThreads("yarn"));
    assertTrue(LocalBlocks.direct("direct"));
    assertFalse(LocalBlocks.direct("jobs"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalBlocks.direct("fast"));
    assertEquals("spark.minibatch.localSteps must be direct or jobs, got 'fast'",
        e.getMessage());
    assertEquals(2, LocalBlocks.of(LocalSpark.session().sparkContext()).orElseThrow()
        .threads(), "the tests' local[2] session steps directly by default");
  }

  private static TrainConfig config(String precision) {
    return TrainConfig.builder(DistributedTrainerTest.SPEC).optimizer("adam(lr=0.01)")
        .batchSize(48).seed(11).maxEpochs(2).precision(Precision.parse(precision)).build();
  }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void directStepsGiveTheBitsOfAJobPerStepOnBothRoutes() {
    List<LabeledRow> rows = DistributedTrainerTest.blobs(1200, 4);
    // the tree route when the partials may not come to the driver one by one
    Aggregation.Limits small = new Aggregation.Limits(1 << 20, 0);
    Aggregation.Limits fromConf = null;
    int params = DistributedTrainerTest.SPEC.numParameters();
    assertEquals(Aggregation.Route.TREE, Aggregation.choose(PARTITIONS / 2, params,
        Precision.FLOAT64, small).route());
    for (String precision : new String[] {"float64", "float32"}) {
      TrainConfig config = config(precision);
      try (CachedData data = CachedData.prepare(DistributedTrainerTest.rdd(rows, 4),
          DistributedTrainerTest.SPEC, new CachedData.Layout(PARTITIONS, 0.1, 3))) {
        for (Aggregation.Limits limits : new Aggregation.Limits[] {fromConf, small}) {
          List<long[]> runs = new ArrayList<>();
          String what = precision + (limits == null ? ", direct route" : ", tree route");
          for (Optional<LocalBlocks> local : List.of(Optional.<LocalBlocks>empty(),
              Optional.of(LocalBlocks.withThreads(2)), Optional.of(LocalBlocks.withThreads(3)))) {
            TrainingResult result;
            try (SparkActivity activity = SparkActivity.listen(data.context().sc())) {
              result = new Trainer(config).train(new SparkGradientSource(
                  DistributedTrainerTest.SPEC, data, null, local, limits));
              activity.close();
              // a job per step and one per epoch's validation; none at all without jobs
              assertEquals(local.isEmpty() ? result.steps() + 2 : 0, activity.jobs(),
                  what + (local.isEmpty() ? ", a job per step" : ", direct steps"));
            }
            assertEquals(2 * ((data.totalTrainRows() + 47) / 48), result.steps(), "2 epochs");
            runs.add(bits(result.params()));
          }
          assertArrayEquals(runs.get(0), runs.get(1), "2 threads, " + what);
          assertArrayEquals(runs.get(0), runs.get(2), "3 threads, " + what);
        }
        double[] point = new double[params];
        Arrays.setAll(point, i -> Math.sin(i));
        Evaluation byJobs = SparkGradientSource.withSparkJobs(DistributedTrainerTest.SPEC, data,
            null).validate(point);
        Evaluation direct = SparkGradientSource.evaluate(data, true, point);
        assertTrue(byJobs.rows() > 80 && byJobs.rows() < 160, "about a tenth held out");
        assertEquals(byJobs, direct);
      }
    }
  }

  @Test
  void aBlockNotCachedHereComputesNothingAndTheStepRunsAsAJob() {
    List<LabeledRow> rows = DistributedTrainerTest.blobs(300, 6);
    TrainConfig config = config("float64");
    try (CachedData data = CachedData.prepare(DistributedTrainerTest.rdd(rows, 2),
        DistributedTrainerTest.SPEC, new CachedData.Layout(4, 0, 3))) {
      TrainingResult cached = new Trainer(config).train(new SparkGradientSource(
          DistributedTrainerTest.SPEC, data, null, Optional.of(LocalBlocks.withThreads(2)),
          null));
      // dropped from the block manager as memory pressure would drop them; still to be cached
      for (int p = 0; p < 4; p++) {
        org.apache.spark.SparkEnv.get().blockManager().removeBlock(
            new org.apache.spark.storage.RDDBlockId(data.blocks().id(), p), true);
      }
      int[] calls = {0};
      assertFalse(LocalBlocks.withThreads(2).run(data.blocks(), new int[] {0, 1, 2, 3},
          block -> calls[0]++, r -> { }));
      assertEquals(0, calls[0]);
      TrainingResult recomputed;
      try (SparkActivity activity = SparkActivity.listen(data.context().sc())) {
        recomputed = new Trainer(config).train(new SparkGradientSource(
            DistributedTrainerTest.SPEC, data, null, Optional.of(LocalBlocks.withThreads(2)),
            null));
        activity.close();
        // a step whose blocks are not all here runs as a job, which caches them again; once
        // they are back the steps run directly
        assertTrue(activity.jobs() > 0 && activity.jobs() < recomputed.steps(), activity.jobs()
            + " jobs in " + recomputed.steps() + " steps after the blocks were dropped");
      }
      assertArrayEquals(bits(cached.params()), bits(recomputed.params()));
    }
  }
}
