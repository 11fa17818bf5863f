package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minibatch.data.FeatureStorage;
import org.minibatch.data.LabeledRow;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.Precision;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.StopReason;
import org.minibatch.train.TrainingDivergedException;
import org.minibatch.train.TrainingResult;

/**
 * Sparse rows over 24 partitions, the paths a cluster takes: on either route of the partials
 * (listed to the driver, or merged exactly in Spark's tree) a job per step and the driver's
 * local steps give the same bits; CSR and dense blocks of the same rows train alike. A listener
 * counts each run's jobs: none on the direct steps, one a step on the job route.
 */
class SparseRoutesTest {
  static final int FEATURES = 3000;
  static final NetworkSpec SPEC = NetworkSpec.parse(FEATURES + "-8-4 relu softmax");
  /** The one setting whose rate may blow up: every other must train to the end. */
  static final String DIVERGING = "sgd(lr=1e9)";

  /** Rows of 15 non-zeros; the class is the column block most of them fall in. */
  static List<LabeledRow> rows(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<LabeledRow> rows = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      int label = random.nextInt(4);
      int[] columns = random.ints(15, 0, FEATURES).map(c -> random.nextDouble() < 0.6
          ? label * (FEATURES / 4) + c % (FEATURES / 4) : c).distinct().sorted().toArray();
      double[] values = random.doubles(columns.length, 0.5, 2).toArray();
      rows.add(LabeledRow.sparse(FEATURES, columns, values, new double[] {label}, 1));
    }
    return rows;
  }

  /**
   * Trains with updates of the touched parameters only, and with dense updates, on both the
   * local route and a job per step; returns the four runs' weights.
   */
  private static List<long[]> sparseAndDenseUpdates(CachedData data, TrainConfig config,
      Aggregation.Limits limits) {
    NetworkSpec spec = config.network();
    List<long[]> runs = new ArrayList<>();
    for (Optional<LocalBlocks> local : List.of(Optional.of(LocalBlocks.withThreads(2)),
        Optional.<LocalBlocks>empty())) {
      for (boolean sparse : new boolean[] {true, false}) {
        TrainingResult result;
        try (SparkActivity activity = SparkActivity.listen(data.context().sc())) {
          result = trainOrDiverge(new Trainer(config).sparseUpdates(sparse),
              new SparkGradientSource(spec, data, null, local, limits), config);
          activity.close();
          String what = config.optimizer() + (local.isPresent() ? ", direct steps: jobs"
              : ", a job per step: jobs");
          if (local.isPresent()) {
            assertEquals(0, activity.jobs(), what);
          } else {
            // every step taken, the one that diverged included ("diverged at step N")
            long steps = result.stopReason() == StopReason.DIVERGED
                ? Long.parseLong(result.stopDetail().replaceFirst(
                    "^training diverged at step (\\d+) .*", "$1")) : result.steps();
            assertEquals(steps, activity.jobs(), what);
          }
        }
        runs.add(bits(result.params()));
      }
    }
    return runs;
  }

  /**
   * The run's result: the weights it kept if its rate is the one meant to blow up
   * ({@link #DIVERGING}; with dead relu units a run may also end finite), while a divergence of
   * any other setting fails the test.
   */
  private static TrainingResult trainOrDiverge(Trainer trainer, SparkGradientSource source,
      TrainConfig config) {
    boolean meantToDiverge = config.optimizer().toString()
        .equals(org.minibatch.optim.Optimizers.parse(DIVERGING).toString());
    try {
      return trainer.train(source);
    } catch (TrainingDivergedException e) {
      if (!meantToDiverge) {
        throw e;
      }
      return e.lastGood();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "first layer by input {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void updatingOnlyTheTouchedParametersGivesTheDenseUpdatesBits(boolean byInput) {
    NetworkSpec spec = SPEC.withFirstLayerByInput(byInput);
    List<LabeledRow> rows = rows(800, 9);
    try (CachedData data = CachedData.prepare(DistributedTrainerTest.rdd(rows, 2), spec,
        new CachedData.Layout(2, 0, 7, false, FeatureStorage.SPARSE))) {
      for (String optimizer : List.of("sgd(lr=0.3)", "adagrad(lr=0.05)",
          "sgd(lr=0.3,clip_norm=0.5)", DIVERGING)) {
        for (Precision precision : Precision.values()) {
          TrainConfig config = TrainConfig.builder(spec).optimizer(optimizer).batchSize(64)
              .seed(3).maxEpochs(2).precision(precision).build();
          assertTrue(config.optimizer().stepsSparse(), optimizer);
          List<long[]> runs = sparseAndDenseUpdates(data, config, null);
          String what = optimizer + ", " + precision;
          assertArrayEquals(runs.get(1), runs.get(0), what + ", local steps");
          assertArrayEquals(runs.get(3), runs.get(2), what + ", a job per step");
          assertArrayEquals(runs.get(0), runs.get(2), what + ", local against jobs");
        }
      }
      // exact sums in Spark's tree, 24 partitions read 10 at a time
      try (CachedData wide = CachedData.prepare(DistributedTrainerTest.rdd(rows(3000, 4), 3),
          spec, new CachedData.Layout(24, 0, 7, false, FeatureStorage.SPARSE))) {
        TrainConfig config = TrainConfig.builder(spec).optimizer("adagrad(lr=0.05)")
            .batchSize(640).seed(3).maxEpochs(2).build();
        List<long[]> runs = sparseAndDenseUpdates(wide, config,
            new Aggregation.Limits(1 << 20, 0));
        assertArrayEquals(runs.get(1), runs.get(0), "tree route, local steps");
        assertArrayEquals(runs.get(3), runs.get(2), "tree route, a job per step");
        assertArrayEquals(runs.get(0), runs.get(2), "tree route, local against jobs");
      }
      // the last rate diverges: the weights kept are those before the update that blew up
      TrainConfig diverging = TrainConfig.builder(spec).optimizer(DIVERGING).batchSize(64)
          .seed(3).maxEpochs(2).build();
      assertEquals(StopReason.DIVERGED, trainOrDiverge(new Trainer(diverging),
          new SparkGradientSource(spec, data, null, Optional.of(LocalBlocks.withThreads(2)),
              null), diverging).stopReason());
    }
  }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void everyRouteGivesTheSameBitsOnCsrBlocks() {
    List<LabeledRow> rows = rows(3000, 5);
    // a batch of 640 reads 10 lanes of partitions: ten partials of even one value each take
    // the tree under a 1 MB driver limit, however few columns a sparse batch has
    Aggregation.Limits tree = new Aggregation.Limits(1 << 20, 0);
    assertEquals(Aggregation.Route.TREE, Aggregation.choose(10, 1, SPEC.numParameters(),
        Precision.FLOAT32, tree).route());
    for (Precision precision : Precision.values()) {
      TrainConfig config = TrainConfig.builder(SPEC).optimizer("adam(lr=0.01)").batchSize(640)
          .seed(3).maxEpochs(3).precision(precision).build();
      double denseLoss;
      try (CachedData dense = CachedData.prepare(DistributedTrainerTest.rdd(rows, 3), SPEC,
          new CachedData.Layout(24, 0, 7, false, FeatureStorage.DENSE))) {
        TrainingResult result = new Trainer(config).train(new SparkGradientSource(SPEC, dense,
            null, Optional.empty(), null));
        denseLoss = result.history().epochs().get(2).trainLoss();
      }
      try (CachedData data = CachedData.prepare(DistributedTrainerTest.rdd(rows, 3), SPEC,
          new CachedData.Layout(24, 0, 7, false, FeatureStorage.SPARSE))) {
        assertEquals(FeatureStorage.SPARSE, data.storage());
        List<long[]> runs = new ArrayList<>();
        double loss = Double.NaN;
        for (Aggregation.Limits limits : new Aggregation.Limits[] {null, tree}) {
          for (Optional<LocalBlocks> local : List.of(Optional.<LocalBlocks>empty(),
              Optional.of(LocalBlocks.withThreads(2)))) {
            TrainingResult result = new Trainer(config).train(new SparkGradientSource(SPEC,
                data, null, local, limits));
            runs.add(bits(result.params()));
            loss = result.history().epochs().get(2).trainLoss();
          }
        }
        // a job per step and local steps agree on each route; the routes themselves differ
        // in rounding (listed partials add in float, the tree's exactly)
        assertArrayEquals(runs.get(0), runs.get(1), precision + ", direct route");
        assertArrayEquals(runs.get(2), runs.get(3), precision + ", tree route");
        double tolerance = precision == Precision.FLOAT64 ? 1e-9 : 1e-5;
        assertEquals(denseLoss, loss, tolerance * denseLoss, precision + ": CSR against dense");
        assertTrue(loss < 1.0, precision + ": the classes should be learnt, loss " + loss);
      }
    }
  }
}
