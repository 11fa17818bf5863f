package org.minibatch.train;

/**
 * Hooks into a training run; every method does nothing unless overridden, so a listener only
 * writes what it needs. Called on the driver, in order, from the training thread.
 */
public interface TrainingListener {

  /** What the run is about to do. */
  record Start(long rows, int partitions, int batchSize, int stepsPerEpoch, int windowSteps,
      int numParameters, TrainConfig config) {}

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  default void onStart(Start start) {}

  default void onEpochStart(int epoch) {}

  /** After every optimizer step, with that step's mini-batch loss and learning rate. */
  default void onStep(long step, int epoch, int stepInEpoch, double loss, double learningRate,
      long rows) {}

  default void onWindow(WindowMetrics window) {}

  default void onEpochEnd(EpochMetrics epoch) {}

  default void onEnd(TrainingResult result) {}
}
