package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The loop's bookkeeping: window and epoch means, closing, the round trip via a state. */
class AccumulatorsTest {
  @Test
  void aWindowAveragesLossOverRowsAndNormsOverSteps() {
    LossWindow w = LossWindow.restore(new TrainingState(new double[1]));
    w.add(12.0, 8, 3.0);
    w.add(4.0, 2, 1.0);
    assertEquals(2, w.steps());
    assertEquals(10, w.rows());
    assertEquals(16.0 / 10, w.meanLoss(), 0);
    assertEquals(2.0, w.meanGradNorm(), 0);

    TrainingState saved = new TrainingState(new double[1]);
    w.saveTo(saved);
    LossWindow back = LossWindow.restore(saved);
    back.add(2.0, 2, 5.0);
    assertEquals(18.0 / 12, back.meanLoss(), 0);
    assertEquals(3.0, back.meanGradNorm(), 0);

    w.close();
    w.add(1.0, 4, 0.5);
    assertEquals(1, w.steps());
    assertEquals(0.25, w.meanLoss(), 0);
  }

  @Test
  void epochSumsAverageLossOverRowsAndSurviveACheckpoint() {
    EpochSums e = EpochSums.restore(new TrainingState(new double[1]));
    e.add(6.0, 4);
    e.add(3.0, 2);
    assertEquals(1.5, e.meanLoss(), 0);
    TrainingState saved = new TrainingState(new double[1]);
    e.saveTo(saved);
    assertEquals(9.0, saved.epochLossSum, 0);
    assertEquals(6, saved.epochRows);
    e.close();
    e.add(1.0, 1);
    assertEquals(1.0, e.meanLoss(), 0);
    EpochSums back = EpochSums.restore(saved);
    back.add(3.0, 2);
    assertEquals(12.0 / 8, back.meanLoss(), 0);
  }
}
