package org.minibatch.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.util.Instrumentation;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.minibatch.data.FeatureStorage;
import org.minibatch.nn.Activation;
import org.minibatch.nn.Loss;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.optim.schedule.Schedules;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.DistributedTrainer;
import org.minibatch.train.Checkpoint;
import org.minibatch.train.Checkpointer;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.Precision;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingResult;
import org.minibatch.train.TrainingState;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FunctionConverters;

/**
 * What {@code fit} does for both estimators: read the shape of the data (input size from the
 * features, classes or targets from the labels), turn the params into a {@link TrainConfig},
 * cache the rows ({@link CachedData}) and run the {@link DistributedTrainer}. Errors name the
 * param or the column they come from.
 */
final class Fitting {
  private Fitting() {}

  /** The trained network and the run that produced it. */
  record Fitted(NetworkSpec spec, TrainingResult result, int partitions, boolean vectorLabel,
      Checkpoint end, boolean sparse, long cachedValues) {
    NeuralNetTrainingSummary summary() {
      return new NeuralNetTrainingSummary(spec.toString(), partitions, result, end, sparse,
          cachedValues);
    }
  }

  /** Keeps the state a run ends in, for a later warm start from its model. */
  private static final class EndState implements Checkpointer {
    private final String signature;
    private Checkpoint end;

    EndState(TrainConfig config) {
      this.signature = Checkpoint.signature(config);
    }

    @Override
    public void afterStep(long step, Supplier<TrainingState> state) {}

    @Override
    public void atEnd(TrainingState state) {
      end = new Checkpoint(signature, state);
    }
  }

  /**
   * Fits on {@code dataset}, read once: unless the caller persisted it, the two columns used are
   * persisted for the counts, the shape and the caching passes, and unpersisted after, as
   * Spark's own estimators do with their instances.
   */
  static Fitted fit(NeuralNetParams<?> est, Dataset<?> dataset, String featuresCol,
      String labelCol, boolean classifier) {
    // Spark's own estimators log their stage, data, params and results this way (INFO, under
    // org.apache.spark.ml.util.Instrumentation), and a failure with its stack trace
    return Instrumentation.instrumented(FunctionConverters.asScalaFromFunction(instr -> {
      instr.logPipelineStage((PipelineStage) est);
      instr.logDataset(dataset);
      instr.logParams(est, CollectionConverters.asScala(Arrays.stream(est.params())
          .filter(p -> p != est.initialWeights()).toList()).toSeq());
      boolean persist = dataset.storageLevel().equals(StorageLevel.NONE());
      Optional<String> weightCol = est.weightColumn();
      Dataset<Row> df = weightCol.isPresent()
          ? dataset.toDF().select(featuresCol, labelCol, weightCol.get())
          : dataset.toDF().select(featuresCol, labelCol);
      if (persist) {
        df.persist(StorageLevel.MEMORY_AND_DISK());
      }
      try {
        return fitOnce(est, df, featuresCol, labelCol, classifier, instr);
      } finally {
        if (persist) {
          df.unpersist(false);
        }
      }
    }));
  }

  private static Fitted fitOnce(NeuralNetParams<?> est, Dataset<Row> df, String featuresCol,
      String labelCol, boolean classifier, Instrumentation instr) {
    String who = est.uid();
    boolean vectorLabel = df.schema().apply(labelCol).dataType() instanceof VectorUDT;
    Column label = col(labelCol);
    Column nullRows = sum(when(label.isNull().or(col(featuresCol).isNull()), 1).otherwise(0));
    // One pass for the counts (and the largest label): nulls would otherwise surface as a
    // NullPointerException inside a task.
    Row stats = classifier ? df.agg(count(lit(1)), nullRows, max(label)).head()
        : df.agg(count(lit(1)), nullRows).head();
    long rows = stats.getLong(0);
    if (rows == 0) {
      throw new IllegalArgumentException(who + ": cannot fit on an empty dataset");
    }
    long nulls = stats.isNullAt(1) ? 0 : stats.getLong(1);
    if (nulls > 0) {
      throw new IllegalArgumentException(who + ": " + nulls + " of " + rows + " rows have a null"
          + " in featuresCol '" + featuresCol + "' or labelCol '" + labelCol + "'; drop or fill"
          + " them before fitting");
    }
    Row first = df.select(featuresCol, labelCol).head();
    int inputs = AttributeGroup.fromStructField(df.schema().apply(featuresCol)).size();
    if (inputs < 0) {
      inputs = ((Vector) first.get(0)).size();
    }
    int outputs = classifier ? numClasses(who, df.schema().apply(labelCol), stats.get(2))
        : vectorLabel ? ((Vector) first.get(1)).size() : 1;
    NetworkSpec shape = network(est, inputs, outputs, classifier);
    instr.logNumExamples(rows);
    instr.logNumFeatures(inputs);
    if (classifier) {
      instr.logNumClasses(outputs);
    }
    int partitions = est.getNumPartitions() > 0 ? est.getNumPartitions()
        : df.sparkSession().sparkContext().defaultParallelism();
    CachedData.Layout layout = new CachedData.Layout(partitions, est.getValidationFraction(),
        est.getSeed(), false, FeatureStorage.parse(est.getSparse()));
    try (CachedData data = CachedData.fromDataFrame(df, featuresCol, labelCol,
        est.weightColumn().orElse(null), shape, layout)) {
      boolean sparse = data.storage() == FeatureStorage.SPARSE;
      NetworkSpec spec = shape.withFirstLayerByInput(sparse);
      instr.logNamedValue("network", spec.toString());
      TrainConfig config = config(est, spec, classifier);
      double[] initial = initialWeights(est, spec);
      Optional<Checkpoint> continued = est.initialModel()
          .filter(m -> m.spec().equals(spec) && Arrays.equals(m.weights(), initial))
          .flatMap(m -> m.continuedUnder(config));
      EndState end = new EndState(config);
      DistributedTrainer trainer = new DistributedTrainer(config).checkpointer(end);
      instr.logNamedValue("numPartitions", (long) partitions);
      instr.logNamedValue("featureStorage", sparse ? "sparse" : "dense");
      instr.logNamedValue("cachedFeatureValues", data.storedValues());
      instr.logNamedValue("start", continued.isPresent() ? "continues the initial model's run"
          : initial != null ? "initialWeights" : "initializer");
      TrainingResult result = continued.isPresent()
          ? trainer.resume(data, null, continued.get().state())
          : trainer.train(data, null, initial);
      logResult(instr, result);
      return new Fitted(spec, result, partitions, vectorLabel, end.end, sparse,
          data.storedValues());
    }
  }

  /** How the run ended, as Spark's estimators log their training summaries. */
  private static void logResult(Instrumentation instr, TrainingResult result) {
    instr.logNamedValue("stopReason", result.stopReason().key());
    instr.logNamedValue("epochs", (long) result.epochs());
    instr.logNamedValue("steps", result.steps());
    instr.logNamedValue("trainingSeconds", result.timings().totalSeconds());
    List<EpochMetrics> epochs = result.history().epochs();
    if (!epochs.isEmpty()) {
      EpochMetrics last = epochs.get(epochs.size() - 1);
      instr.logNamedValue("trainLoss", last.trainLoss());
      if (!Double.isNaN(last.validationLoss())) {
        instr.logNamedValue("validationLoss", last.validationLoss());
      }
      if (!Double.isNaN(last.validationAccuracy())) {
        instr.logNamedValue("validationAccuracy", last.validationAccuracy());
      }
    }
  }

  /** {@code initialWeights} if set, checked against {@code spec}; else null. */
  private static double[] initialWeights(NeuralNetParams<?> est, NetworkSpec spec) {
    if (!est.isDefined(est.initialWeights())) {
      return null;
    }
    double[] weights = est.getInitialWeights().toArray();
    Optional<InitialModel> model = est.initialModel()
        .filter(m -> Arrays.equals(m.weights(), weights));
    if (weights.length != spec.numParameters()) {
      String from = model.map(m -> "the initial model's network " + m.spec() + " has")
          .orElse("initialWeights hold");
      throw new IllegalArgumentException(est.uid() + ": " + from + " " + weights.length
          + " weights, but the data and params give network " + spec + " with "
          + spec.numParameters() + "; start from a model with the same inputs, hidden layers"
          + " and outputs");
    }
    // A model fitted on data stored the other way holds its first layer in the other layout.
    return model.isPresent() && !model.get().spec().equals(spec)
        && model.get().spec().withFirstLayerByInput(spec.firstLayerByInput()).equals(spec)
        ? model.get().spec().convert(weights, spec) : weights;
  }

  /** Classes from the label's metadata (StringIndexer writes it), else the largest label + 1. */
  static int numClasses(String who, StructField labelField, Object maxLabel) {
    Attribute attr = Attribute.fromStructField(labelField);
    if (attr instanceof NominalAttribute nominal && nominal.getNumValues().isDefined()) {
      return Math.max(2, (Integer) nominal.getNumValues().get());
    }
    if (attr instanceof BinaryAttribute) {
      return 2;
    }
    double max = ((Number) maxLabel).doubleValue();
    if (!(max >= 0 && max == Math.rint(max) && max < Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(who + ": labelCol '" + labelField.name() + "' holds "
          + max + ", but a classifier needs class indices 0..k-1 stored as doubles (index other"
          + " labels with StringIndexer)");
    }
    // One class only still gets two outputs: softmax needs them, and the model predicts it.
    return Math.max(2, (int) max + 1);
  }

  static NetworkSpec network(NeuralNetParams<?> est, int inputs, int outputs,
      boolean classifier) {
    int[] hidden = est.getHiddenLayers();
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = inputs;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = outputs;
    Activation activation = Activation.parse(est.getActivation());
    return classifier
        ? new NetworkSpec(sizes, activation, OutputLayer.SOFTMAX, Loss.CROSS_ENTROPY)
        : new NetworkSpec(sizes, activation, OutputLayer.IDENTITY, Loss.MSE);
  }

  /**
   * The optimizer spec with {@code learningRate}, {@code weightDecay} and {@code clipNorm} set on
   * the parsed object where they are set.
   */
  static Optimizer optimizer(NeuralNetParams<?> est) {
    Optimizer optimizer = Optimizers.parse(est.getOptimizer());
    if (est.isSet(est.learningRate())) {
      optimizer = optimizer.withLearningRate(est.getLearningRate());
    }
    if (est.isSet(est.weightDecay())) {
      optimizer = optimizer.withWeightDecay(est.getWeightDecay());
    }
    if (est.isSet(est.clipNorm())) {
      optimizer = optimizer.withClipNorm(est.getClipNorm());
    }
    return optimizer;
  }

  static TrainConfig config(NeuralNetParams<?> est, NetworkSpec spec, boolean classifier) {
    String who = est.uid();
    Optimizer optimizer;
    try {
      optimizer = optimizer(est);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(who + " parameters optimizer, learningRate, weightDecay"
          + " and clipNorm give optimizer '" + est.getOptimizer() + "' an invalid option: "
          + e.getMessage(), e);
    }
    Schedule schedule;
    try {
      schedule = Schedules.parse(est.getSchedule(), optimizer.learningRate());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(who + " parameter schedule given invalid value '"
          + est.getSchedule() + "': " + e.getMessage(), e);
    }
    boolean accuracy = est.getEarlyStoppingMetric().equals("accuracy");
    if (accuracy && !classifier) {
      throw new IllegalArgumentException(who + " parameter earlyStoppingMetric given invalid"
          + " value 'accuracy': a regressor has no accuracy; use loss");
    }
    if (est.getPatience() > 0 && est.getValidationFraction() == 0) {
      throw new IllegalArgumentException(who + " parameter patience = " + est.getPatience()
          + " needs held-out rows to watch: set validationFraction in (0, 1)");
    }
    StopCriteria stop = new StopCriteria(est.getMaxEpochs(), est.getMaxSteps(),
        est.getTimeLimitSeconds(), est.getLossBelow(), est.getLossRatio(),
        est.getGradNormRatio(), est.getPatience(), accuracy
            ? StopCriteria.EarlyStoppingMetric.ACCURACY : StopCriteria.EarlyStoppingMetric.LOSS);
    TrainConfig.Builder builder = TrainConfig.builder(spec).optimizer(optimizer)
        .schedule(schedule).batchSize(est.getBatchSize()).seed(est.getSeed())
        .stop(stop).precision(Precision.parse(est.getPrecision()));
    if (est.isDefined(est.initializer())) {
      builder.initializer(est.getInitializer());
    }
    return builder.build();
  }
}
