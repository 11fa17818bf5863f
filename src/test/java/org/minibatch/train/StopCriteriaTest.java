package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minibatch.nn.DataBlock;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.StopCriteria.EarlyStoppingMetric;

/** Each stop criterion made to fire, and reported as the one that fired. */
class StopCriteriaTest {
  static final NetworkSpec SPEC = NetworkSpec.parse("4-12-3 tanh softmax");

  /** Three separable blobs; with {@code shuffledLabels} the labels are noise. */
  static DataBlock blobs(int rows, long seed, boolean shuffledLabels) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] x = new double[rows][4];
    double[][] y = new double[rows][1];
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      for (int j = 0; j < 4; j++) {
        x[i][j] = random.nextGaussian() * 0.5 + (j == label ? 2 : 0);
      }
      y[i][0] = shuffledLabels ? random.nextInt(3) : label;
    }
    return DataBlock.of(x, y);
  }

  static TrainingResult train(StopCriteria stop, String optimizer, int batch, DataBlock val) {
    TrainConfig config = TrainConfig.builder(SPEC).optimizer(optimizer).batchSize(batch)
        .seed(3).stop(stop).build();
    return new Trainer(config).train(
        new LocalGradientSource(SPEC, List.of(blobs(240, 1, false)), val));
  }

  static TrainingResult train(StopCriteria stop) {
    return train(stop, "sgd(lr=0.1)", 24, null);
  }

  @Test
  void maxEpochs() {
    TrainingResult r = train(StopCriteria.epochs(3));
    assertEquals(StopReason.MAX_EPOCHS, r.stopReason());
    assertEquals("max_epochs: reached 3 epochs", r.stopDetail());
    assertEquals(30, r.steps());
    assertEquals(3, r.history().epochs().size());
  }

  @Test
  void maxStepsStopsWithinAnEpochAndFirstToFireWins() {
    TrainingResult r = train(StopCriteria.epochs(3).withMaxSteps(7));
    assertEquals(StopReason.MAX_STEPS, r.stopReason());
    assertEquals(7, r.steps());
    EpochMetrics last = r.history().epochs().get(0);
    assertFalse(last.complete());
    assertEquals(7, last.step());
  }

  /**
   * The limit is read off the run's clock after every step: with a clock that only the steps
   * advance, by 0.1 s each, a limit of 0.35 s stops the run after its fourth step.
   */
  @Test
  void timeLimit() {
    long[] nanos = {0};
    LocalGradientSource data = new LocalGradientSource(SPEC, List.of(blobs(240, 1, false)),
        null);
    GradientSource tenthOfASecondAStep = new GradientSource() {
      @Override
      public int[] partitionRows() {
        return data.partitionRows();
      }

      @Override
      public GradientSum gradient(double[] point, long seed, long epoch,
          BatchPlan.Slices slices, Precision precision) {
        nanos[0] += 100_000_000L;
        return data.gradient(point, seed, epoch, slices, precision);
      }

      @Override
      public boolean hasValidation() {
        return false;
      }

      @Override
      public Evaluation validate(double[] params) {
        throw new UnsupportedOperationException();
      }
    };
    TrainConfig config = TrainConfig.builder(SPEC).optimizer("sgd(lr=0.1)").batchSize(24)
        .seed(3).stop(StopCriteria.epochs(1_000_000).withTimeLimitSeconds(0.35)).build();
    TrainingResult r = new Trainer(config).clock(() -> nanos[0]).train(tenthOfASecondAStep);
    assertEquals(StopReason.TIME_LIMIT, r.stopReason());
    assertEquals("time_limit: 0.4 s >= limit 0.35 s", r.stopDetail());
    assertEquals(4, r.steps());
    assertEquals(0.4, r.timings().totalSeconds(), 1e-12);
    assertEquals(0.4, r.timings().gradientSeconds(), 1e-12);
  }

  @Test
  void lossBelowAnAbsoluteValue() {
    TrainingResult r = train(StopCriteria.epochs(1000).withLossBelow(0.2));
    assertEquals(StopReason.LOSS_BELOW, r.stopReason());
    List<WindowMetrics> windows = r.history().windows();
    assertTrue(windows.get(windows.size() - 1).loss() <= 0.2);
    assertTrue(windows.get(windows.size() - 2).loss() > 0.2);
  }

  @Test
  void lossBelowAFractionOfTheFirstLoss() {
    TrainingResult r = train(StopCriteria.epochs(1000).withLossRatio(0.1));
    assertEquals(StopReason.LOSS_RATIO, r.stopReason());
    assertTrue(r.stopDetail().startsWith("loss_ratio: loss "), r.stopDetail());
    List<WindowMetrics> windows = r.history().windows();
    assertTrue(windows.get(windows.size() - 1).loss() <= 0.1 * Math.log(3) * 1.5);
  }

  @Test
  void gradientNormBelowAFractionOfTheFirst() {
    // full-batch gradient descent: the gradient norm falls steadily
    TrainingResult r = train(StopCriteria.epochs(100_000).withGradNormRatio(0.05),
        "sgd(lr=0.5)", 240, null);
    assertEquals(StopReason.GRAD_NORM_RATIO, r.stopReason());
    List<WindowMetrics> windows = r.history().windows();
    double first = windows.get(0).gradNorm();
    assertTrue(windows.get(windows.size() - 1).gradNorm() <= 0.05 * first);
  }

  @Test
  void earlyStoppingRestoresTheBestEpoch() {
    DataBlock noise = blobs(90, 2, true);
    TrainingResult r = train(StopCriteria.epochs(200).withEarlyStopping(3,
        EarlyStoppingMetric.LOSS), "sgd(lr=0.3)", 24, noise);
    assertEquals(StopReason.EARLY_STOPPING, r.stopReason());
    List<EpochMetrics> epochs = r.history().epochs();
    double best = epochs.stream().mapToDouble(EpochMetrics::validationLoss).min().orElseThrow();
    assertEquals(best, epochs.get(epochs.size() - 4).validationLoss(), 0);
    double restored = new LocalGradientSource(SPEC, List.of(noise), null)
        .evaluate(noise, r.params()).loss();
    assertEquals(best, restored, 1e-12);
  }

  @Test
  void earlyStoppingWithoutValidationIsAnError() {
    assertEquals("early stopping (patience 2) needs a validation set: set a validation fraction"
            + " or validation data",
        assertThrows(IllegalArgumentException.class, () -> train(StopCriteria.epochs(5)
            .withEarlyStopping(2, EarlyStoppingMetric.LOSS))).getMessage());
  }

  @Test
  void divergenceNamesTheStepAndKeepsTheLastFiniteWeights() {
    NetworkSpec regression = NetworkSpec.parse("4-8-1 relu identity");
    DataBlock data = DataBlock.of(new double[][] {{1, 2, 3, 4}, {2, 3, 4, 5}, {-1, 0, 1, 2}},
        new double[][] {{10}, {20}, {-5}});
    TrainConfig config = TrainConfig.builder(regression).optimizer("sgd(lr=50)").batchSize(3)
        .maxEpochs(1000).seed(1).build();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(config).train(new LocalGradientSource(regression, List.of(data),
            null)));
    assertTrue(e.getMessage().startsWith("training diverged at step "), e.getMessage());
    assertTrue(e.getMessage().contains("Try a smaller learning rate (the last was 50.0) or "
        + "gradient clipping"), e.getMessage());
    java.util.regex.Matcher at = java.util.regex.Pattern.compile("diverged at step (\\d+) ")
        .matcher(e.getMessage());
    assertTrue(at.find(), e.getMessage());
    long step = Long.parseLong(at.group(1));
    assertTrue(e.getMessage().endsWith(step == 1 ? "; the initial weights are kept."
        : "; the weights step " + (step - 1) + " started from, the last with a finite loss,"
            + " are kept."), e.getMessage());
    TrainingResult lastGood = e.lastGood();
    assertEquals(StopReason.DIVERGED, lastGood.stopReason());
    // step - 1 updates were taken; the kept weights are those before the last of them
    assertEquals(Math.max(0, step - 2), lastGood.steps(), "the updates in the kept weights");
    for (double w : lastGood.params()) {
      assertTrue(Double.isFinite(w));
    }
  }

  @Test
  void divergingOnTheFirstStepAfterAResumeKeepsTheWeightsItResumedFrom() {
    LocalGradientSource local = new LocalGradientSource(SPEC, List.of(blobs(240, 1, false)),
        null);
    GradientSource nanLoss = rewriting(local,
        (call, point, computed) -> GradientSum.of(0, new double[point.length], Double.NaN, 24));
    TrainConfig config = TrainConfig.builder(SPEC).optimizer("sgd(lr=0.1)").batchSize(24)
        .maxEpochs(3).seed(3).build();
    double[] resumedFrom = config.initializer().initialize(SPEC, 3);
    TrainingState state = new TrainingState(resumedFrom.clone());
    state.step = 5;
    state.epoch = 1;
    state.stepInEpoch = 5;
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(config).resume(nanLoss, state));
    assertTrue(e.getMessage().startsWith("training diverged at step 6 (epoch 1): loss became"
        + " NaN."), e.getMessage());
    assertTrue(e.getMessage().endsWith("; the weights this run resumed from (after step 5) are"
        + " kept."), e.getMessage());
    assertEquals(5, e.lastGood().steps(), "no update of this run to undo");
    assertArrayEquals(resumedFrom, e.lastGood().params(), 0);
  }

  @Test
  void anOverflowingExactSumStopsTrainingWithTheStepAndTheLargestGradientNorm() {
    LocalGradientSource local = new LocalGradientSource(SPEC, List.of(blobs(240, 1, false)),
        null);
    // steps 1 and 2 as computed, then a sum whose fixed-point total wraps around
    GradientSource overflowOnStep3 = rewriting(local, (call, point, computed) -> {
      if (call < 3) {
        return computed;
      }
      double[] huge = new double[point.length];
      java.util.Arrays.fill(huge, 0x1.8p61);
      GradientSum wrapped = null;
      for (int p = 0; p < 3; p++) {
        wrapped = GradientSum.mergeExact(wrapped, GradientSum.of(p, huge, 1, 8));
      }
      return wrapped;
    });
    TrainConfig config = TrainConfig.builder(SPEC).optimizer("sgd(lr=0.1)").batchSize(24)
        .maxEpochs(1).logEverySteps(1).seed(3).build();
    double[] norms = new double[3];
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> new Trainer(config).addListener(new TrainingListener() {
          @Override
          public void onWindow(WindowMetrics w) {
            norms[(int) w.step()] = w.gradNorm();
          }
        }).train(overflowOnStep3));
    int largest = norms[1] >= norms[2] ? 1 : 2;
    assertTrue(norms[largest] > 0);
    assertEquals(String.format(java.util.Locale.ROOT, "training diverged at step 3 (epoch 1):"
        + " the exact sum of the partitions' gradients overflowed (a total of magnitude 2^63 or"
        + " more in the 64.64 fixed point that adds more than 16 partitions' gradients in any"
        + " order); the largest gradient norm before it was %.6g, at step %d. Try a smaller"
        + " learning rate", norms[largest], largest), e.getMessage().substring(0,
        e.getMessage().indexOf(" (the last was")));
    // steps 1 and 2 were taken; the weights kept are those step 2 started from
    assertEquals(1, e.lastGood().steps());
  }

  @Test
  void metricsCsvHasOneRowPerWindowAndValidationAtEpochEnds() {
    StringWriter csv = new StringWriter();
    TrainConfig config = TrainConfig.builder(SPEC).optimizer("sgd(lr=0.1)").batchSize(24)
        .logEverySteps(4).maxEpochs(2).build();
    new Trainer(config).addListener(new MetricsCsvListener(csv))
        .train(new LocalGradientSource(SPEC, List.of(blobs(240, 1, false)), blobs(30, 5,
            false)));
    String[] lines = csv.toString().split("\n");
    assertEquals(MetricsCsvListener.HEADER, lines[0]);
    // 10 steps per epoch in windows of 4, 4, 2
    assertEquals(1 + 6, lines.length);
    assertTrue(lines[1].startsWith("4,1,"));
    assertTrue(lines[1].endsWith(",,"), lines[1]);
    assertTrue(lines[3].startsWith("10,1,"));
    String[] epochEnd = lines[3].split(",");
    assertEquals(9, epochEnd.length);
    assertTrue(Double.parseDouble(epochEnd[8]) > 0.5);
  }

  /** What a test source returns for its call number {@code call} (from 1). */
  private interface StepSum {
    GradientSum at(int call, double[] point, GradientSum computed);
  }

  /** {@code local}'s partitions and sums, each sum passed through {@code rewrite}; no validation. */
  private static GradientSource rewriting(LocalGradientSource local, StepSum rewrite) {
    return new GradientSource() {
      private int calls;

      @Override
      public int[] partitionRows() {
        return local.partitionRows();
      }

      @Override
      public GradientSum gradient(double[] point, long seed, long epoch,
          BatchPlan.Slices slices, Precision precision) {
        return rewrite.at(++calls, point, local.gradient(point, seed, epoch, slices, precision));
      }

      @Override
      public boolean hasValidation() {
        return false;
      }

      @Override
      public Evaluation validate(double[] params) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
