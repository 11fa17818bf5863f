package org.minibatch.app;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;
import org.minibatch.ml.NeuralNetClassificationModel;
import org.minibatch.ml.NeuralNetRegressionModel;
import org.minibatch.ml.ParamsFiles;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;
import org.minibatch.spark.SparkActivity;
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
  private final Stages stages;

  public TrainJob(Settings settings, SparkSession spark, PrintStream console) {
    this(settings, spark, console, Stages.starting());
  }

  /** A job that records its stages in {@code stages} (which may hold the launch's already). */
  public TrainJob(Settings settings, SparkSession spark, PrintStream console, Stages stages) {
    this.settings = settings;
    this.spark = spark;
    this.console = console;
    this.stages = stages;
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
      stages.add("read", data.readSeconds());
      stages.add("cache", data.seconds() - data.readSeconds());
      console.printf(Locale.ROOT, "data ready in %.1f s: %,d training rows%s%n", data.seconds(),
          data.train().totalTrainRows(), data.test() == null ? ""
              : String.format(Locale.ROOT, ", %,d test rows", data.test().totalTrainRows()));
      NetworkSpec spec = data.spec();
      TrainConfig config = data.config();
      TrainingListener firstStep = new TrainingListener() {
        @Override
        public void onStart(Start start) {
          stages.mark("first_step");
        }
      };
      List<TrainingListener> listeners = List.of(firstStep,
          new ConsoleProgressListener(console), new MetricsCsvListener(run.writer("metrics.csv")));
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
      SparkActivity activity = SparkActivity.listen(spark.sparkContext());
      try {
        result = stages.time("train", () -> trainOrResume(data, config, listeners,
            checkpoints, run, options.resume()));
      } catch (TrainingDivergedException e) {
        activity.close();
        summary.training(activity);
        summary.finish(e.lastGood(), null);
        summary.stages(stages);
        RunReport.write(run, summary, e.lastGood(), config);
        throw e;
      } finally {
        activity.close();
      }
      summary.training(activity);
      return finish(run, data, summary, result, config);
    }
  }

  /**
   * Evaluates on the test set, saves the model and writes the report. The save (Spark jobs
   * writing files) runs in its own thread alongside the evaluation and the charts, which need
   * no part of it; the summary waits for both.
   */
  private RunSummary finish(RunDirectory run, PreparedData data, RunSummary summary,
      TrainingResult result, TrainConfig config) throws IOException {
    NetworkSpec spec = data.spec();
    ExecutorService saver = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "minibatch model save");
      t.setDaemon(true);
      return t;
    });
    try {
      Future<Double> saved = saver.submit(() -> {
        long start = System.nanoTime();
        saveModel(run, data, spec, result.params());
        return (System.nanoTime() - start) / 1e9;
      });
      Evaluation testResult;
      Map<String, byte[]> charts;
      try {
        testResult = stages.time("evaluate", () -> data.test(spec, result.params()));
        charts = stages.time("charts", () -> RunReport.charts(result, config));
      } catch (RuntimeException e) {
        // the save must not outlive the data and the session the caller closes next
        try {
          waitFor(saved);
        } catch (IOException | RuntimeException saveFailure) {
          e.addSuppressed(saveFailure);
        }
        throw e;
      }
      stages.add("save", waitFor(saved));
      stages.alongside("save", "evaluate and charts");
      summary.finish(result, testResult);
      summary.stages(stages);
      RunReport.write(run, summary, result, charts);
      return summary;
    } finally {
      saver.shutdownNow();
    }
  }

  private static double waitFor(Future<Double> saved) throws IOException {
    try {
      return saved.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while saving the model", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("saving the model failed: " + cause, cause);
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

  /**
   * model/: a PipelineModel of the scaler (if any) and the network, written without a Spark job
   * ({@link ParamsFiles}): a few lines of JSON and the weights' bytes.
   */
  private void saveModel(RunDirectory run, PreparedData data, NetworkSpec spec,
      double[] params) {
    List<Transformer> pipeline = new ArrayList<>();
    data.scaler().ifPresent(pipeline::add);
    pipeline.add(spec.output() == OutputLayer.SOFTMAX
        ? NeuralNetClassificationModel.of(spec, params).setFeaturesCol(data.featuresColumn())
        : NeuralNetRegressionModel.of(spec, params, data.vectorLabel())
            .setFeaturesCol(data.featuresColumn()));
    ParamsFiles.savePipeline(run.path("model"), pipeline, spark, true);
  }
}
