package org.minibatch.app;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.SparkSession;
import org.minibatch.ml.NeuralNetClassificationModel;
import org.minibatch.ml.NeuralNetRegressionModel;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;
import org.minibatch.train.Checkpoint;
import org.minibatch.train.Checkpoints;
import org.minibatch.train.ConsoleProgressListener;
import org.minibatch.train.Evaluation;
import org.minibatch.train.MetricsCsvListener;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingDivergedException;
import org.minibatch.train.TrainingListener;
import org.minibatch.train.TrainingResult;
import org.minibatch.util.Range;

/**
 * {@code minibatch train}: read and scale the data, cache it ({@link PreparedData}), train with
 * the distributed trainer (checkpointing as it goes, or resuming from the newest checkpoint),
 * evaluate on the test set, and write the run directory: config, metrics, model, summary,
 * charts and report.
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
    String location = settings.isSet(Key.RUN_DIR) ? settings.get(Key.RUN_DIR)
        : "runs/" + settings.name() + "-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    RunDirectory run = RunDirectory.open(location, spark.sparkContext().hadoopConfiguration(),
        options.overwrite(), options.resume());
    Settings effective = settings.with(Key.RUN_DIR, run.location());
    run.writeText("config.properties", effective.toProperties());

    try (PreparedData data = PreparedData.prepare(settings, spark, true)) {
      NetworkSpec spec = data.spec();
      TrainConfig config = data.config();
      List<TrainingListener> listeners = List.of(new ConsoleProgressListener(console),
          new MetricsCsvListener(run.writer("metrics.csv")));
      Checkpoints checkpoints = new Checkpoints(run.checkpoints(), config,
          settings.getLong(Key.CHECKPOINT_EVERY_STEPS, Range.nonNegative()),
          settings.getDouble(Key.CHECKPOINT_EVERY_SECONDS, Range.nonNegative()),
          settings.getInt(Key.CHECKPOINT_KEEP, Range.atLeast(1)));
      RunSummary summary = new RunSummary(effective, spark, spec, config, data.train(),
          data.validation(), data.test(), data.seconds());
      if (data.skippedRows() > 0) {
        console.printf(Locale.ROOT, "skipped %d invalid training rows (data.on_invalid=skip);"
            + " the first: %s%n", data.skippedRows(), data.firstSkipped());
      }
      summary.skipped(data.skippedRows(), data.firstSkipped());
      TrainingResult result;
      try {
        result = trainOrResume(data, config, listeners, checkpoints, run, options.resume());
      } catch (TrainingDivergedException e) {
        summary.finish(e.lastGood(), null);
        RunReport.write(run, summary, e.lastGood(), config);
        throw e;
      }
      Evaluation testResult = data.test(spec, result.params());
      saveModel(run, data, spec, result.params());
      summary.finish(result, testResult);
      RunReport.write(run, summary, result, config);
      return summary;
    }
  }

  private TrainingResult trainOrResume(PreparedData data, TrainConfig config,
      List<TrainingListener> listeners, Checkpoints checkpoints, RunDirectory run,
      boolean resume) throws IOException {
    if (resume) {
      Optional<Checkpoint> checkpoint = Checkpoints.loadNewest(run.checkpoints(), config);
      if (checkpoint.isPresent()) {
        console.printf(Locale.ROOT, "resuming %s from step %d (epoch %d)%n", run.display(),
            checkpoint.get().state().step(), checkpoint.get().state().epoch());
        return data.resume(config, listeners, checkpoints, checkpoint.get().state());
      }
      console.println("no usable checkpoint in " + run.display() + "; starting from scratch");
    }
    return data.train(config, listeners, checkpoints, null);
  }

  /** model/: a PipelineModel of the scaler (if any) and the network. */
  private static void saveModel(RunDirectory run, PreparedData data, NetworkSpec spec,
      double[] params) throws IOException {
    List<PipelineStage> stages = new ArrayList<>();
    data.scaler().ifPresent(stages::add);
    stages.add(spec.output() == OutputLayer.SOFTMAX
        ? NeuralNetClassificationModel.of(spec, params).setFeaturesCol(data.featuresColumn())
        : NeuralNetRegressionModel.of(spec, params, data.vectorLabel())
            .setFeaturesCol(data.featuresColumn()));
    // Fitting a pipeline of fitted transformers only checks the schema and wraps them.
    PipelineModel model = new Pipeline().setStages(stages.toArray(new PipelineStage[0]))
        .fit(data.frame());
    model.write().overwrite().save(run.path("model"));
  }
}
