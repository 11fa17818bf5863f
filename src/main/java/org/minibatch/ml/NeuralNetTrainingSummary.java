package org.minibatch.ml;

import java.io.Serializable;
import java.util.List;
import org.minibatch.train.Checkpoint;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.Timings;
import org.minibatch.train.TrainingResult;
import org.minibatch.train.WindowMetrics;

/**
 * What happened while a model was fitted, like MLlib's {@code model.summary()}: per-epoch
 * training loss and validation metrics, every logging window, the stop criterion that ended the
 * run, and where the time went. Only a freshly fitted model has one ({@code hasSummary()});
 * as in MLlib it is not saved with the model.
 */
public final class NeuralNetTrainingSummary implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String network;
  private final int numPartitions;
  private final TrainingResult result;
  /** The run's state at its end, which a warm start from this model continues. */
  private final Checkpoint end;

  private final boolean sparse;
  private final long cachedFeatureValues;

  NeuralNetTrainingSummary(String network, int numPartitions, TrainingResult result,
      Checkpoint end, boolean sparse, long cachedFeatureValues) {
    this.sparse = sparse;
    this.cachedFeatureValues = cachedFeatureValues;
    this.network = network;
    this.numPartitions = numPartitions;
    this.result = result;
    this.end = end;
  }

  Checkpoint end() {
    return end;
  }

  /** The network that was trained, e.g. {@code 20-64-3 relu softmax cross_entropy}. */
  public String network() {
    return network;
  }

  /**
   * Whether the training rows were cached in CSR form (sparse features column, at most 10% of
   * the features non-zero) rather than as dense float32 rows.
   */
  public boolean sparseFeatures() {
    return sparse;
  }

  /** Feature values cached: every feature of a dense row, the non-zeros of a sparse one. */
  public long cachedFeatureValues() {
    return cachedFeatureValues;
  }

  /** Partitions the training data was cached in. */
  public int numPartitions() {
    return numPartitions;
  }

  /** Which criterion stopped training, e.g. {@code max_epochs}, {@code early_stopping}. */
  public String stopReason() {
    return result.stopReason().key();
  }

  /** Why, in words (the values that made the criterion fire). */
  public String stopDetail() {
    return result.stopDetail();
  }

  /** Optimizer steps taken. */
  public long totalSteps() {
    return result.steps();
  }

  /** Epochs run (the last one may be partial). */
  public int totalEpochs() {
    return result.epochs();
  }

  /** One entry per epoch: training loss, validation loss and accuracy, seconds. */
  public List<EpochMetrics> epochs() {
    return result.history().epochs();
  }

  /** One entry per logging window: loss, learning rate, gradient norm. */
  public List<WindowMetrics> windows() {
    return result.history().windows();
  }

  /** Mean mini-batch training loss of each epoch. */
  public double[] trainLoss() {
    return epochs().stream().mapToDouble(EpochMetrics::trainLoss).toArray();
  }

  /** Loss on the held-out rows after each epoch (NaN without validationFraction). */
  public double[] validationLoss() {
    return epochs().stream().mapToDouble(EpochMetrics::validationLoss).toArray();
  }

  /** Accuracy on the held-out rows after each epoch (NaN for regression or without them). */
  public double[] validationAccuracy() {
    return epochs().stream().mapToDouble(EpochMetrics::validationAccuracy).toArray();
  }

  /** Seconds spent computing gradients, updating, validating, and in total. */
  public Timings timings() {
    return result.timings();
  }

  @Override
  public String toString() {
    return "NeuralNetTrainingSummary(" + network + ", " + totalEpochs() + " epochs, "
        + totalSteps() + " steps, stopped by " + stopReason() + ", "
        + String.format(java.util.Locale.ROOT, "%.2f s", timings().totalSeconds()) + ")";
  }
}
