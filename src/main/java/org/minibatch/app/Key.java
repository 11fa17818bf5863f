package org.minibatch.app;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.minibatch.train.TrainingKey;

/**
 * Every configuration key of {@code minibatch train}, with its default and meaning. The
 * commented reference {@code conf/reference.properties} documents the same keys (a test keeps
 * the two in step). The settings the Spark ML estimators share take their key and default from
 * {@link TrainingKey}. Keys starting with {@code spark.} that are not listed here go to Spark as
 * they are.
 */
public enum Key {
  SPARK_MASTER("spark.master", "local[*]", "Spark master URL"),
  DATA_FORMAT("data.format", "", "fashion-mnist, idx, libsvm, csv or parquet; empty = from the"
      + " file extension"),
  DATA_TRAIN("data.train", "", "training data path (Hadoop path); for idx the images file"),
  DATA_TRAIN_LABELS("data.train_labels", "", "idx only: labels file (default: the images path"
      + " with images-idx3 replaced by labels-idx1)"),
  DATA_TEST("data.test", "", "test data path, evaluated after training"),
  DATA_TEST_LABELS("data.test_labels", "", "idx only: test labels file"),
  DATA_VALIDATION("data.validation", "", "separate validation data, evaluated every epoch"),
  DATA_VALIDATION_FRACTION(TrainingKey.VALIDATION_FRACTION, "fraction of the training rows held"
      + " out for validation every epoch, in [0, 1)"),
  DATA_ON_INVALID("data.on_invalid", "fail", "what a row that cannot be trained on does: fail"
      + " (stop with an error naming it) or skip (leave it out, count it, report the count)"),
  DATA_SCALE("data.scale", "none", "feature scaling: none, 255 (divide by 255) or standardize"
      + " (mean 0, std 1 from the training set); remembered in the model"),
  DATA_LABEL_COLUMN("data.label_column", "label", "csv/parquet: label column name, or 0-based"
      + " index for csv"),
  DATA_FEATURES_COLUMN("data.features_column", "", "parquet: vector column, or comma-separated"
      + " numeric columns; empty = 'features' if present, else every column but the label."
      + " csv: a column of sparse features, space-separated 0-based index:value pairs in"
      + " ascending order ('3:1.5 17:2'), the other columns then unread; empty = every column"
      + " but the label and the weight"),
  DATA_WEIGHT_COLUMN("data.weight_column", "", "csv/parquet: column of row weights (finite,"
      + " >= 0: a row of weight w counts as w copies of it in the loss and the metrics), a name"
      + " or, for csv, a 0-based index; empty = every row counts once"),
  DATA_SPARSE(TrainingKey.SPARSE, "how cached blocks hold the features: true (CSR, 8 bytes"
      + " a non-zero; the first layer works on the non-zeros only), false (dense float32), auto"
      + " (CSR when at most 10% of the features of the first 256 rows are non-zero, for data"
      + " of 1000+ features; idx data is dense)"),
  DATA_CSV_HEADER("data.csv_header", "true", "csv: whether the first line is a header"),
  DATA_CSV_SEPARATOR("data.csv_separator", ",", "csv: field separator"),
  DATA_NUM_FEATURES("data.num_features", "0", "libsvm, and csv with data.features_column:"
      + " feature count (0 = from the data)"),
  MODEL_HIDDEN(TrainingKey.HIDDEN_LAYERS, "hidden layer sizes, comma-separated"),
  MODEL_ACTIVATION(TrainingKey.ACTIVATION, "hidden activation: identity, sigmoid, tanh,"
      + " relu, leaky_relu(slope=0.01)"),
  MODEL_OUTPUT("model.output", "softmax", "output layer: softmax (classification) or identity"
      + " (regression)"),
  MODEL_LOSS("model.loss", "", "loss; empty = the one that fits the output"),
  MODEL_INIT("model.init", "", "initializer; empty = he_normal for rectifiers, else"
      + " xavier_uniform"),
  MODEL_CLASSES("model.classes", "0", "classes of a softmax output (0 = largest label + 1)"),
  TRAIN_OPTIMIZER(TrainingKey.OPTIMIZER, "optimizer spec"),
  TRAIN_SCHEDULE(TrainingKey.SCHEDULE, "learning-rate schedule spec"),
  TRAIN_BATCH_SIZE(TrainingKey.BATCH_SIZE, "rows per mini-batch, over all partitions"),
  TRAIN_MAX_EPOCHS(TrainingKey.MAX_EPOCHS, "stop after this many epochs"),
  TRAIN_MAX_STEPS(TrainingKey.MAX_STEPS, "stop after this many steps (0 = no limit)"),
  TRAIN_TIME_LIMIT_S(TrainingKey.TIME_LIMIT_SECONDS, "stop after this many seconds (0 = none)"),
  TRAIN_LOSS_BELOW(TrainingKey.LOSS_BELOW, "stop when the window loss is at most this"),
  TRAIN_LOSS_RATIO(TrainingKey.LOSS_RATIO, "stop when the window loss is at most this times"
      + " the first loss"),
  TRAIN_GRAD_NORM_RATIO(TrainingKey.GRAD_NORM_RATIO, "stop when the gradient norm is at most"
      + " this times the first"),
  TRAIN_EARLY_STOPPING_PATIENCE(TrainingKey.PATIENCE, "epochs without"
      + " validation improvement before stopping; the best weights are kept (0 = off)"),
  TRAIN_EARLY_STOPPING_METRIC(TrainingKey.EARLY_STOPPING_METRIC, "loss or accuracy"),
  TRAIN_SEED(TrainingKey.SEED, "seed of initial weights, data layout and batch order"),
  TRAIN_PARTITIONS(TrainingKey.PARTITIONS, "partitions of the cached data (0 = Spark's default"
      + " parallelism)"),
  TRAIN_WEIGHT_DECAY(TrainingKey.WEIGHT_DECAY, "L2 weight decay added to the optimizer spec"),
  TRAIN_CLIP_NORM(TrainingKey.CLIP_NORM, "clip the global gradient norm to this (0 = off)"),
  TRAIN_PRECISION(TrainingKey.PRECISION, "float32 (sgemm, half the data moved per step) or"
      + " float64 (exact; slower)"),
  TRAIN_LOG_EVERY_STEPS("train.log_every_steps", "0", "steps per metrics row (0 = 10 per"
      + " epoch)"),
  RUN_DIR("run.dir", "", "the run directory (Hadoop path); empty = runs/<conf name>-<time>"),
  CHECKPOINT_EVERY_STEPS("checkpoint.every_steps", "0", "save a checkpoint every N steps"
      + " (0 = not by steps); one is always saved at the end"),
  CHECKPOINT_EVERY_SECONDS("checkpoint.every_seconds", "300", "save a checkpoint when this many"
      + " seconds have passed since the last (0 = not by time)"),
  CHECKPOINT_KEEP("checkpoint.keep", "3", "how many of the newest checkpoints to keep");

  private static final Map<String, Key> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(Key::key, Function.identity()));

  private final String key;
  private final String defaultValue;
  private final String description;

  /** A setting the Spark ML estimators share: key and default from {@link TrainingKey}. */
  Key(TrainingKey shared, String description) {
    this(shared.key(), shared.defaultValue(), description);
  }

  Key(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The key named {@code name}, or null. */
  public static Key byName(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Key::key).toList();
  }
}
