package org.minibatch.app;

import static org.apache.spark.sql.functions.max;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.minibatch.app.DataSources.Role;
import org.minibatch.data.DataReader;
import org.minibatch.ml.NeuralNetClassificationModel;
import org.minibatch.ml.NeuralNetRegressionModel;
import org.minibatch.nn.Activation;
import org.minibatch.nn.Initializer;
import org.minibatch.nn.Loss;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;
import org.minibatch.optim.Optimizers;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.DistributedTrainer;
import org.minibatch.spark.SparkGradientSource;
import org.minibatch.train.Checkpoint;
import org.minibatch.train.Checkpoints;
import org.minibatch.train.ConsoleProgressListener;
import org.minibatch.train.Evaluation;
import org.minibatch.train.MetricsCsvListener;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingDivergedException;
import org.minibatch.train.TrainingResult;
import org.minibatch.util.Range;

/**
 * {@code minibatch train}: read and scale the data, cache it, train with the distributed
 * trainer (checkpointing as it goes, or resuming from the newest checkpoint), evaluate on the
 * test set, and write the run directory: config, metrics, model, summary, charts and report.
 */
public final class TrainJob {
  /** How to treat an existing run directory. */
  public record Options(boolean resume, boolean overwrite) {}

  private final Settings settings;
  private final SparkSession spark;
  private final PrintStream console;

  public TrainJob(Settings settings, SparkSession spark, PrintStream console) {
    this.settings = settings;
    this.spark = spark;
    this.console = console;
  }

  /** Runs the job and returns its summary (also written as summary.json). */
  public RunSummary run(Options options) throws IOException {
    long start = System.nanoTime();
    String location = settings.isSet(Key.RUN_DIR) ? settings.get(Key.RUN_DIR)
        : "runs/" + settings.name() + "-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    RunDirectory run = RunDirectory.open(location, spark.sparkContext().hadoopConfiguration(),
        options.overwrite(), options.resume());
    Settings effective = settings.with(Key.RUN_DIR, run.location());
    run.writeText("config.properties", effective.toProperties());

    Dataset<Row> train = DataReader.read(spark, DataSources.resolve(settings, Role.TRAIN));
    Row first = train.select(DataReader.FEATURES, DataReader.LABEL).head();
    int features = ((Vector) first.get(0)).size();
    Optional<Transformer> scaler = Scaling.fit(
        settings.getChoice(Key.DATA_SCALE, Scaling.MODES), train, features);
    String featuresCol = scaler.isPresent() ? Scaling.SCALED : DataReader.FEATURES;
    boolean vectorLabel = train.schema().apply(DataReader.LABEL).dataType()
        instanceof VectorUDT;
    NetworkSpec spec = network(train, features, vectorLabel, first);
    TrainConfig config = trainConfig(spec);
    int partitions = settings.getInt(Key.TRAIN_PARTITIONS, Range.nonNegative());
    if (partitions == 0) {
      partitions = spark.sparkContext().defaultParallelism();
    }
    CachedData.Layout layout = new CachedData.Layout(partitions,
        settings.getDouble(Key.DATA_VALIDATION_FRACTION, Range.closedOpen(0, 1)), config.seed());

    try (CachedData trainData = cache(scaled(train, scaler), featuresCol, spec, layout);
        CachedData validation = optional(Role.VALIDATION, scaler, featuresCol, spec, layout);
        CachedData test = optional(Role.TEST, scaler, featuresCol, spec, layout)) {
      double dataSeconds = (System.nanoTime() - start) / 1e9;
      DistributedTrainer trainer = new DistributedTrainer(config)
          .addListener(new ConsoleProgressListener(console))
          .addListener(new MetricsCsvListener(run.writer("metrics.csv")))
          .checkpointer(new Checkpoints(run.checkpoints(), config,
              settings.getLong(Key.CHECKPOINT_EVERY_STEPS, Range.nonNegative()),
              settings.getDouble(Key.CHECKPOINT_EVERY_SECONDS, Range.nonNegative()),
              settings.getInt(Key.CHECKPOINT_KEEP, Range.atLeast(1))));
      RunSummary summary = new RunSummary(effective, spark, spec, config, trainData,
          validation, test, dataSeconds);
      TrainingResult result;
      try {
        result = trainOrResume(trainer, trainData, validation, run, config, options.resume());
      } catch (TrainingDivergedException e) {
        summary.finish(e.lastGood(), null);
        RunReport.write(run, summary, e.lastGood(), config);
        throw e;
      }
      Evaluation testResult = test == null ? null
          : SparkGradientSource.evaluate(test, false, result.params());
      saveModel(run, train, scaler, spec, result.params(), vectorLabel);
      summary.finish(result, testResult);
      RunReport.write(run, summary, result, config);
      return summary;
    }
  }

  private TrainingResult trainOrResume(DistributedTrainer trainer, CachedData train,
      CachedData validation, RunDirectory run, TrainConfig config, boolean resume)
      throws IOException {
    if (resume) {
      Optional<Checkpoint> checkpoint = Checkpoints.loadNewest(run.checkpoints(), config);
      if (checkpoint.isPresent()) {
        console.printf(Locale.ROOT, "resuming %s from step %d (epoch %d)%n", run.display(),
            checkpoint.get().state().step(), checkpoint.get().state().epoch());
        return trainer.resume(train, validation, checkpoint.get().state());
      }
      console.println("no usable checkpoint in " + run.display() + "; starting from scratch");
    }
    return trainer.train(train, validation);
  }

  private CachedData optional(Role role, Optional<Transformer> scaler, String featuresCol,
      NetworkSpec spec, CachedData.Layout layout) {
    if (!DataSources.present(settings, role)) {
      return null;
    }
    Dataset<Row> frame = DataReader.read(spark, DataSources.resolve(settings, role));
    return cache(scaled(frame, scaler), featuresCol, spec,
        new CachedData.Layout(layout.partitions(), 0, layout.seed()));
  }

  private static Dataset<Row> scaled(Dataset<Row> frame, Optional<Transformer> scaler) {
    return scaler.isPresent() ? scaler.get().transform(frame) : frame;
  }

  private static CachedData cache(Dataset<Row> frame, String featuresCol, NetworkSpec spec,
      CachedData.Layout layout) {
    return CachedData.fromDataFrame(frame, featuresCol, DataReader.LABEL, spec, layout);
  }

  /** The network the config describes, sized by the data: inputs, and classes or targets. */
  NetworkSpec network(Dataset<Row> train, int features, boolean vectorLabel, Row first) {
    OutputLayer output = switch (settings.getChoice(Key.MODEL_OUTPUT,
        List.of("softmax", "identity"))) {
      case "softmax" -> OutputLayer.SOFTMAX;
      default -> OutputLayer.IDENTITY;
    };
    int outputs;
    if (output == OutputLayer.SOFTMAX) {
      if (vectorLabel) {
        throw new IllegalArgumentException("model.output=softmax needs a numeric class label,"
            + " but the label column holds vectors; use model.output=identity for regression");
      }
      outputs = settings.getInt(Key.MODEL_CLASSES, Range.nonNegative());
      if (outputs == 0) {
        Row top = train.agg(max(DataReader.LABEL)).head();
        outputs = (int) Math.max(2, top.getDouble(0) + 1);
      }
    } else {
      outputs = vectorLabel ? ((Vector) first.get(1)).size() : 1;
    }
    int[] hidden = hiddenSizes(settings.get(Key.MODEL_HIDDEN));
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = features;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = outputs;
    Loss loss = output.defaultLoss();
    if (settings.isSet(Key.MODEL_LOSS)) {
      loss = NetworkSpec.parse("1-2 identity " + output.specName() + " "
          + settings.get(Key.MODEL_LOSS)).loss();
    }
    return new NetworkSpec(sizes, Activation.parse(settings.get(Key.MODEL_ACTIVATION)), output,
        loss);
  }

  static int[] hiddenSizes(String text) {
    if (text.isBlank()) {
      return new int[0];
    }
    try {
      return Arrays.stream(text.split(",")).map(String::strip).mapToInt(Integer::parseInt)
          .toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("model.hidden must be comma-separated layer sizes such"
          + " as 256,128, got '" + text + "'");
    }
  }

  /** The training config: optimizer with weight decay and clipping, schedule, stop criteria. */
  TrainConfig trainConfig(NetworkSpec spec) {
    Map<String, Double> overrides = new LinkedHashMap<>();
    double weightDecay = settings.getDouble(Key.TRAIN_WEIGHT_DECAY, Range.nonNegative());
    double clipNorm = settings.getDouble(Key.TRAIN_CLIP_NORM, Range.nonNegative());
    if (weightDecay > 0) {
      overrides.put("weight_decay", weightDecay);
    }
    if (clipNorm > 0) {
      overrides.put("clip_norm", clipNorm);
    }
    String optimizer = Optimizers.withValues(settings.get(Key.TRAIN_OPTIMIZER), overrides);
    StopCriteria stop = new StopCriteria(
        settings.getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1)),
        settings.getLong(Key.TRAIN_MAX_STEPS, Range.nonNegative()),
        settings.getDouble(Key.TRAIN_TIME_LIMIT_S, Range.nonNegative()),
        settings.getDouble(Key.TRAIN_LOSS_BELOW, Range.nonNegative()),
        settings.getDouble(Key.TRAIN_LOSS_RATIO, Range.closedOpen(0, 1)),
        settings.getDouble(Key.TRAIN_GRAD_NORM_RATIO, Range.closedOpen(0, 1)),
        settings.getInt(Key.TRAIN_EARLY_STOPPING_PATIENCE, Range.nonNegative()),
        settings.getChoice(Key.TRAIN_EARLY_STOPPING_METRIC, List.of("loss", "accuracy"))
            .equals("loss") ? StopCriteria.EarlyStoppingMetric.LOSS
            : StopCriteria.EarlyStoppingMetric.ACCURACY);
    TrainConfig.Builder builder = TrainConfig.builder(spec).optimizer(optimizer)
        .schedule(settings.get(Key.TRAIN_SCHEDULE))
        .batchSize(settings.getInt(Key.TRAIN_BATCH_SIZE, Range.atLeast(1)))
        .seed(settings.getLong(Key.TRAIN_SEED, Range.nonNegative()))
        .logEverySteps(settings.getInt(Key.TRAIN_LOG_EVERY_STEPS, Range.nonNegative()))
        .stop(stop);
    if (settings.isSet(Key.MODEL_INIT)) {
      builder.initializer(Initializer.parse(settings.get(Key.MODEL_INIT)));
    }
    return builder.build();
  }

  /** model/: a PipelineModel of the scaler (if any) and the network. */
  private static void saveModel(RunDirectory run, Dataset<Row> train,
      Optional<Transformer> scaler, NetworkSpec spec, double[] params, boolean vectorLabel)
      throws IOException {
    List<PipelineStage> stages = new ArrayList<>();
    scaler.ifPresent(stages::add);
    String featuresCol = scaler.isPresent() ? Scaling.SCALED : DataReader.FEATURES;
    stages.add(spec.output() == OutputLayer.SOFTMAX
        ? NeuralNetClassificationModel.of(spec, params).setFeaturesCol(featuresCol)
        : NeuralNetRegressionModel.of(spec, params, vectorLabel).setFeaturesCol(featuresCol));
    // Fitting a pipeline of fitted transformers only checks the schema and wraps them.
    PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0]))
        .fit(train);
    model.write().overwrite().save(run.path("model"));
  }
}
