package org.minibatch.ml;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.minibatch.nn.Activation;
import org.minibatch.nn.Initializer;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.schedule.Schedules;
import org.minibatch.train.Precision;
import org.minibatch.train.TrainingKey;

/**
 * The {@link Param} objects of one estimator, owned by it, with their validators and defaults.
 *
 * <p>Why a holder: the classifier and the regressor extend different Spark base classes, so the
 * shared params cannot live in a common superclass, and a Java interface cannot hold fields. Each
 * estimator creates one of these after its uid is known and exposes the params through
 * {@link NeuralNetParams}' default methods, which Spark finds by reflection like any param.
 */
public final class TrainingParams implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Placeholder rate for checking a schedule spec's syntax at set time. */
  private static final double SYNTAX_CHECK_LR = 1e-3;

  final IntArrayParam hiddenLayers;
  final Param<String> activation;
  final Param<String> initializer;
  final Param<String> optimizer;
  final DoubleParam learningRate;
  final DoubleParam weightDecay;
  final DoubleParam clipNorm;
  final Param<String> schedule;
  final IntParam batchSize;
  final IntParam maxEpochs;
  final LongParam maxSteps;
  final DoubleParam timeLimitSeconds;
  final DoubleParam lossBelow;
  final DoubleParam lossRatio;
  final DoubleParam gradNormRatio;
  final DoubleParam validationFraction;
  final IntParam patience;
  final Param<String> earlyStoppingMetric;
  final LongParam seed;
  final IntParam numPartitions;
  final Param<String> precision;
  final Param<String> sparse;
  final Param<Vector> initialWeights;
  final Param<String> weightCol;

  TrainingParams(Params owner) {
    String o = owner.uid();
    hiddenLayers = new IntArrayParam(owner, "hiddenLayers",
        "sizes of the hidden layers, e.g. [256, 128]; input and output sizes come from the data",
        Validators.<int[]>of(o, "hiddenLayers", TrainingParams::checkLayers));
    activation = new Param<>(owner, "activation",
        "hidden activation: identity, sigmoid, tanh, relu, leaky_relu(slope=0.01)",
        Validators.<String>of(o, "activation", Activation::parse));
    initializer = new Param<>(owner, "initializer",
        "weight initializer: xavier_uniform, xavier_normal, he_uniform, he_normal,"
            + " uniform(scale=0.05); unset: He for rectifiers, Xavier otherwise",
        Validators.<String>of(o, "initializer", Initializer::parse));
    optimizer = new Param<>(owner, "optimizer",
        "optimizer spec, e.g. adam(lr=0.001,beta1=0.9); one of " + Optimizers.names(),
        Validators.<String>of(o, "optimizer", Optimizers::parse));
    learningRate = new DoubleParam(owner, "learningRate",
        "learning rate (> 0); when set it replaces lr inside the optimizer spec",
        Validators.gt(o, "learningRate", 0));
    weightDecay = new DoubleParam(owner, "weightDecay",
        "L2 weight decay (>= 0); when set it replaces weight_decay inside the optimizer spec"
            + " (default 0: not set, the spec's own)",
        Validators.gtEq(o, "weightDecay", 0));
    clipNorm = new DoubleParam(owner, "clipNorm",
        "clip the gradient's global norm to this (>= 0, 0 = off); when set it replaces"
            + " clip_norm inside the optimizer spec (default 0: not set, the spec's own)",
        Validators.gtEq(o, "clipNorm", 0));
    schedule = new Param<>(owner, "schedule",
        "learning-rate schedule spec, e.g. constant, cosine(steps=1000); one of "
            + Schedules.names(),
        Validators.<String>of(o, "schedule", s -> Schedules.parse(s, SYNTAX_CHECK_LR)));
    batchSize = new IntParam(owner, "batchSize", "rows per mini-batch, over all partitions (>= 1)",
        Validators.gtEq(o, "batchSize", 1));
    maxEpochs = new IntParam(owner, "maxEpochs", "stop after this many epochs (>= 1)",
        Validators.gtEq(o, "maxEpochs", 1));
    maxSteps = new LongParam(owner, "maxSteps", "stop after this many steps (>= 0, 0 = no limit)",
        Validators.gtEq(o, "maxSteps", 0));
    timeLimitSeconds = new DoubleParam(owner, "timeLimitSeconds",
        "stop after this many seconds of training (>= 0, 0 = no limit)",
        Validators.gtEq(o, "timeLimitSeconds", 0));
    lossBelow = new DoubleParam(owner, "lossBelow",
        "stop when the windowed training loss is <= this (>= 0, 0 = off)",
        Validators.gtEq(o, "lossBelow", 0));
    lossRatio = new DoubleParam(owner, "lossRatio",
        "stop when the windowed training loss is <= this times the first loss ([0, 1), 0 = off)",
        Validators.closedOpen(o, "lossRatio", 0, 1));
    gradNormRatio = new DoubleParam(owner, "gradNormRatio",
        "stop when the windowed gradient norm is <= this times the first one ([0, 1), 0 = off)",
        Validators.closedOpen(o, "gradNormRatio", 0, 1));
    validationFraction = new DoubleParam(owner, "validationFraction",
        "fraction of the rows held out to validate each epoch ([0, 1), 0 = none)",
        Validators.closedOpen(o, "validationFraction", 0, 1));
    patience = new IntParam(owner, "patience",
        "early stopping: epochs without improvement of earlyStoppingMetric on the held-out rows"
            + " (>= 0, 0 = off); keeps the best epoch's weights",
        Validators.gtEq(o, "patience", 0));
    earlyStoppingMetric = new Param<>(owner, "earlyStoppingMetric",
        "what early stopping watches: loss or accuracy (classifier only)",
        Validators.<String>of(o, "earlyStoppingMetric", TrainingParams::checkMetric));
    seed = new LongParam(owner, "seed", "random seed: initial weights, row layout and batches");
    numPartitions = new IntParam(owner, "numPartitions",
        "partitions of the cached training data (>= 0; 0 = Spark's defaultParallelism)",
        Validators.gtEq(o, "numPartitions", 0));
    precision = new Param<>(owner, "precision",
        "arithmetic of the training steps: float32 (sgemm, half the bytes a step moves) or"
            + " float64 (exact gradients); the optimizer runs in float64 either way",
        Validators.<String>of(o, "precision", Precision::parse));
    sparse = new Param<>(owner, "sparse",
        "how the cached rows hold the features: true (CSR, 8 bytes a non-zero; the first layer"
            + " works on the non-zeros only, and stores its weights by input column), false"
            + " (dense float32), auto (CSR when at most 10% of the features of the first 256"
            + " rows are non-zero, for 1000+ features)",
        Validators.<String>of(o, "sparse", TrainingParams::checkSparse));
    weightCol = new Param<>(owner, "weightCol", "weight column name: each row counts its"
        + " weight (a finite number >= 0) times in the loss and the metrics; unset or empty:"
        + " every row once");
    initialWeights = new Param<>(owner, "initialWeights",
        "weights to start from, in the flat layout of the network the data gives (as"
            + " model.weights() returns them; on sparse data the first layer is stored by input"
            + " column, and the network ends in 'by_input'); a model from setInitialModel is"
            + " converted to that layout; unset: the initializer's");

    owner.setDefault(hiddenLayers, TrainingKey.defaultHiddenLayers());
    owner.setDefault(activation, TrainingKey.ACTIVATION.defaultValue());
    owner.setDefault(optimizer, TrainingKey.OPTIMIZER.defaultValue());
    owner.setDefault(weightDecay, (Object) TrainingKey.WEIGHT_DECAY.defaultDouble());
    owner.setDefault(clipNorm, (Object) TrainingKey.CLIP_NORM.defaultDouble());
    owner.setDefault(schedule, TrainingKey.SCHEDULE.defaultValue());
    owner.setDefault(batchSize, (Object) TrainingKey.BATCH_SIZE.defaultInt());
    owner.setDefault(maxEpochs, (Object) TrainingKey.MAX_EPOCHS.defaultInt());
    owner.setDefault(maxSteps, (Object) TrainingKey.MAX_STEPS.defaultLong());
    owner.setDefault(timeLimitSeconds, (Object) TrainingKey.TIME_LIMIT_SECONDS.defaultDouble());
    owner.setDefault(lossBelow, (Object) TrainingKey.LOSS_BELOW.defaultDouble());
    owner.setDefault(lossRatio, (Object) TrainingKey.LOSS_RATIO.defaultDouble());
    owner.setDefault(gradNormRatio, (Object) TrainingKey.GRAD_NORM_RATIO.defaultDouble());
    owner.setDefault(validationFraction,
        (Object) TrainingKey.VALIDATION_FRACTION.defaultDouble());
    owner.setDefault(patience, (Object) TrainingKey.PATIENCE.defaultInt());
    owner.setDefault(earlyStoppingMetric, TrainingKey.EARLY_STOPPING_METRIC.defaultValue());
    owner.setDefault(seed, (Object) TrainingKey.SEED.defaultLong());
    owner.setDefault(numPartitions, (Object) TrainingKey.PARTITIONS.defaultInt());
    owner.setDefault(precision, TrainingKey.PRECISION.defaultValue());
    owner.setDefault(sparse, TrainingKey.SPARSE.defaultValue());
  }

  private static void checkSparse(String value) {
    if (!java.util.List.of("auto", "true", "false").contains(value)) {
      throw new IllegalArgumentException("must be auto, true or false");
    }
  }

  private static void checkLayers(int[] sizes) {
    for (int size : sizes) {
      if (size < 1) {
        throw new IllegalArgumentException("every hidden layer needs at least 1 unit");
      }
    }
  }

  private static void checkMetric(String metric) {
    if (!List.of("loss", "accuracy").contains(metric)) {
      throw new IllegalArgumentException("must be loss or accuracy");
    }
  }
}
