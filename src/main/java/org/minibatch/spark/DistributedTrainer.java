package org.minibatch.spark;

import java.util.ArrayList;
import java.util.List;
import org.minibatch.train.Checkpointer;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingListener;
import org.minibatch.train.TrainingResult;
import org.minibatch.train.TrainingState;

/**
 * Distributed mini-batch training on Spark: the shared {@link Trainer} loop on the driver, with
 * gradients from {@link SparkGradientSource} over {@link CachedData}. The optimizer and its state
 * live on the driver; executors hold only the cached blocks and scratch buffers.
 *
 * <pre>
 *   CachedData data = CachedData.prepare(rows, config.network(),
 *       new CachedData.Layout(partitions, 0.1, seed));
 *   TrainingResult result = new DistributedTrainer(config).train(data, null);
 * </pre>
 */
public final class DistributedTrainer {
  private final TrainConfig config;
  private final List<TrainingListener> listeners = new ArrayList<>();
  private Checkpointer checkpointer = Checkpointer.NONE;

  public DistributedTrainer(TrainConfig config) {
    this.config = config;
  }

  public DistributedTrainer addListener(TrainingListener listener) {
    listeners.add(listener);
    return this;
  }

  /** Where to save the training state as it goes ({@link org.minibatch.train.Checkpoints}). */
  public DistributedTrainer checkpointer(Checkpointer value) {
    this.checkpointer = value;
    return this;
  }

  /**
   * Trains on {@code train}; validates each epoch on {@code validation}, or on the rows
   * {@code train} held out when {@code validation} is null.
   */
  public TrainingResult train(CachedData train, CachedData validation) {
    return train(train, validation, null);
  }

  /** As {@link #train(CachedData, CachedData)}, starting from {@code initialParams} if given. */
  public TrainingResult train(CachedData train, CachedData validation, double[] initialParams) {
    return trainer().train(new SparkGradientSource(config.network(), train, validation),
        initialParams);
  }

  /**
   * Continues from a checkpoint's state; with the same data, partition count and config, the
   * final weights are bit-identical to an uninterrupted run's.
   */
  public TrainingResult resume(CachedData train, CachedData validation, TrainingState state) {
    return trainer().resume(new SparkGradientSource(config.network(), train, validation), state);
  }

  private Trainer trainer() {
    Trainer trainer = new Trainer(config).checkpointer(checkpointer);
    listeners.forEach(trainer::addListener);
    return trainer;
  }
}
