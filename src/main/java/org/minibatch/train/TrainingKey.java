package org.minibatch.train;

import java.util.Arrays;

/**
 * The training settings that both front ends offer, with the one default each has: the
 * properties key of {@code minibatch train} ({@code app.Key} takes its default from here) and
 * the Spark ML param of the estimators ({@code ml.TrainingParams} sets its default from here).
 * Defaults that the trainer applies itself come from its constants ({@link TrainConfig},
 * {@link StopCriteria}), so a default written here cannot drift from what runs; a test holds
 * every row to the key, the param and the builder's own default.
 */
public enum TrainingKey {
  HIDDEN_LAYERS("model.hidden", "hiddenLayers", "256,128"),
  ACTIVATION("model.activation", "activation", "relu"),
  OPTIMIZER("train.optimizer", "optimizer", TrainConfig.DEFAULT_OPTIMIZER),
  WEIGHT_DECAY("train.weight_decay", "weightDecay", "0"),
  CLIP_NORM("train.clip_norm", "clipNorm", "0"),
  SCHEDULE("train.schedule", "schedule", TrainConfig.DEFAULT_SCHEDULE),
  BATCH_SIZE("train.batch_size", "batchSize", String.valueOf(TrainConfig.DEFAULT_BATCH_SIZE)),
  MAX_EPOCHS("train.max_epochs", "maxEpochs", String.valueOf(StopCriteria.DEFAULT_MAX_EPOCHS)),
  MAX_STEPS("train.max_steps", "maxSteps", "0"),
  TIME_LIMIT_SECONDS("train.time_limit_s", "timeLimitSeconds", "0"),
  LOSS_BELOW("train.loss_below", "lossBelow", "0"),
  LOSS_RATIO("train.loss_ratio", "lossRatio", "0"),
  GRAD_NORM_RATIO("train.grad_norm_ratio", "gradNormRatio", "0"),
  VALIDATION_FRACTION("data.validation_fraction", "validationFraction", "0"),
  PATIENCE("train.early_stopping_patience", "patience", "0"),
  EARLY_STOPPING_METRIC("train.early_stopping_metric", "earlyStoppingMetric", "loss"),
  SEED("train.seed", "seed", String.valueOf(TrainConfig.DEFAULT_SEED)),
  PARTITIONS("train.partitions", "numPartitions", "0"),
  PRECISION("train.precision", "precision", TrainConfig.DEFAULT_PRECISION.key()),
  SPARSE("data.sparse", "sparse", "auto");

  private final String key;
  private final String param;
  private final String defaultValue;

  TrainingKey(String key, String param, String defaultValue) {
    this.key = key;
    this.param = param;
    this.defaultValue = defaultValue;
  }

  /** The properties key, e.g. {@code train.batch_size}. */
  public String key() {
    return key;
  }

  /** The Spark ML param's name, e.g. {@code batchSize}. */
  public String param() {
    return param;
  }

  /** The default as the properties file writes it. */
  public String defaultValue() {
    return defaultValue;
  }

  public int defaultInt() {
    return Integer.parseInt(defaultValue);
  }

  public long defaultLong() {
    return Long.parseLong(defaultValue);
  }

  public double defaultDouble() {
    return Double.parseDouble(defaultValue);
  }

  /** Hidden layer sizes written as {@code 256,128}; an empty text is no hidden layer. */
  public static int[] sizes(String text) {
    if (text.isBlank()) {
      return new int[0];
    }
    try {
      return Arrays.stream(text.split(",")).map(String::strip).mapToInt(Integer::parseInt)
          .toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(HIDDEN_LAYERS.key + " must be comma-separated layer"
          + " sizes such as 256,128, got '" + text + "'");
    }
  }

  /** The default hidden layer sizes. */
  public static int[] defaultHiddenLayers() {
    return sizes(HIDDEN_LAYERS.defaultValue);
  }
}
