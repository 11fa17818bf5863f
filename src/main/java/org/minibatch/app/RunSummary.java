package org.minibatch.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.minibatch.data.FeatureStorage;
import org.minibatch.nn.Blas;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.ExecutorBlas;
import org.minibatch.spark.LocalBlocks;
import org.minibatch.spark.SparkActivity;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.Evaluation;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingResult;

/**
 * What {@code summary.json} says about a run: the config, the data, the outcome (test metrics,
 * stop reason, epochs, steps), where the time went, the BLAS and Spark it ran on, a SHA-256 of
 * the final weights (to compare runs bit for bit) and the per-epoch history.
 */
public final class RunSummary {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final boolean classifier;

  RunSummary(Settings settings, SparkSession spark, NetworkSpec spec, TrainConfig config,
      CachedData train, CachedData validation, CachedData test, double dataSeconds) {
    classifier = spec.isClassifier();
    fields.put("run_dir", settings.get(Key.RUN_DIR));
    fields.put("network", spec.toString());
    fields.put("parameters", spec.numParameters());
    fields.put("optimizer", config.optimizer().toString());
    fields.put("schedule", config.schedule().toString());
    fields.put("batch_size", config.batchSize());
    fields.put("partitions", train.trainRows().length);
    fields.put("train_rows", train.totalTrainRows());
    fields.put("validation_rows", validation != null ? validation.totalTrainRows()
        : train.totalValidationRows());
    fields.put("test_rows", test == null ? 0 : test.totalTrainRows());
    fields.put("cached_bytes_per_row", (double) train.cachedBytes()
        / Math.max(1, train.totalTrainRows() + train.totalValidationRows()));
    fields.put("feature_storage", train.storage() == FeatureStorage.SPARSE ? "sparse"
        : "dense");
    if (train.storage() == FeatureStorage.SPARSE) {
      fields.put("cached_nonzeros", train.storedValues());
      fields.put("cached_bytes_per_nonzero", (double) train.cachedBytes()
          / Math.max(1, train.storedValues()));
    }
    fields.put("data_seconds", dataSeconds);
    Blas.Probe blas = Blas.probe();
    Map<String, Object> blasFields = new LinkedHashMap<>();
    blasFields.put("implementation", blas.implementation());
    blasFields.put("library", blas.library().library());
    blasFields.put("kernel", blas.library().kernel());
    blasFields.put("config", blas.library().config());
    blasFields.put("dgemm_gflops", blas.dgemmGflops());
    blasFields.put("sgemm_gflops", blas.sgemmGflops());
    blasFields.put("slow", blas.slow());
    fields.put("blas", blasFields);
    String master = spark.sparkContext().master();
    if (!LocalBlocks.isLocal(master)) {
      blasFields.put("executors", ExecutorBlas.of(train.blocks()));
    }
    fields.put("spark_master", master);
    fields.put("spark_serializer", spark.sparkContext().getConf().get("spark.serializer",
        "org.apache.spark.serializer.JavaSerializer"));
    if (LocalBlocks.isLocal(master)) {
      fields.put("local_steps", spark.sparkContext().getConf().get(LocalBlocks.KEY, "direct"));
    }
    fields.put("spark_version", spark.version());
    fields.put("config", settings.effective());
  }

  /** Training rows left out by {@code data.on_invalid=skip}, and the first one's problem. */
  void skipped(long rows, String first) {
    fields.put("skipped_rows", rows);
    if (first != null) {
      fields.put("first_skipped", first);
    }
  }

  /**
   * What Spark ran while the run trained: its jobs (none on local mode's direct steps, one a
   * step otherwise, plus validation) and the executors that ran tasks.
   */
  void training(SparkActivity activity) {
    fields.put("training_jobs", activity.jobs());
    fields.put("training_executors", activity.executors());
  }

  /** Where the command's time went (written as "stages"), as far as it has run. */
  void stages(Stages stages) {
    fields.put("stages", stages.toMap());
  }

  /** Adds the outcome; {@code test} may be null (no test set, or a diverged run). */
  void finish(TrainingResult result, Evaluation test) {
    if (test != null) {
      if (classifier) {
        fields.put("test_accuracy", test.accuracy());
      } else {
        fields.put("test_rmse", Math.sqrt(test.loss()));
      }
      fields.put("test_loss", test.loss());
    }
    fields.put("stop_reason", result.stopReason().key());
    fields.put("stop_detail", result.stopDetail());
    fields.put("epochs", result.epochs());
    fields.put("steps", result.steps());
    fields.put("train_seconds", result.timings().totalSeconds());
    fields.put("timings", Map.of("gradient_seconds", result.timings().gradientSeconds(),
        "update_seconds", result.timings().updateSeconds(),
        "validation_seconds", result.timings().validationSeconds(),
        "seconds_per_step", result.steps() == 0 ? 0
            : (result.timings().gradientSeconds() + result.timings().updateSeconds())
                / result.steps()));
    fields.put("weights_sha256", sha256(result.params()));
    List<Map<String, Object>> epochs = result.history().epochs().stream()
        .map(RunSummary::epoch).toList();
    fields.put("history", epochs);
    fields.put("finished_at", OffsetDateTime.now().toString());
  }

  private static Map<String, Object> epoch(EpochMetrics e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", e.epoch());
    m.put("step", e.step());
    m.put("train_loss", e.trainLoss());
    if (!Double.isNaN(e.validationLoss())) {
      m.put("validation_loss", e.validationLoss());
    }
    if (!Double.isNaN(e.validationAccuracy())) {
      m.put("validation_accuracy", e.validationAccuracy());
    }
    m.put("seconds", e.seconds());
    return m;
  }

  /** SHA-256 of the weights as big-endian doubles: equal hashes mean bit-identical weights. */
  public static String sha256(double[] weights) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * weights.length);
    for (double w : weights) {
      bytes.putDouble(w);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Object get(String field) {
    return fields.get(field);
  }

  public Map<String, Object> fields() {
    return fields;
  }

  public boolean classifier() {
    return classifier;
  }

  /** The one line {@code train} prints at the end. */
  public String oneLine() {
    String metric = fields.containsKey("test_accuracy")
        ? String.format(Locale.ROOT, "test accuracy %.4f", (Double) fields.get("test_accuracy"))
        : fields.containsKey("test_rmse")
            ? String.format(Locale.ROOT, "test RMSE %.4f", (Double) fields.get("test_rmse"))
            : "no test set";
    return String.format(Locale.ROOT, "%s after %s epochs (%s, %.1f s); run: %s", metric,
        fields.get("epochs"), fields.get("stop_reason"), (Double) fields.get("train_seconds"),
        fields.get("run_dir"));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
