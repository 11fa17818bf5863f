package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.data.DataFormat;
import org.minibatch.data.DataSource;
import org.minibatch.spark.LocalSpark;

/** The train, evaluate and predict jobs on small CSV data, in the shared local[2] session. */
class TrainJobTest {
  @TempDir
  Path dir;

  private Path blobs(String name, int rows, long seed) throws IOException {
    return Blobs.write(dir, name, rows, seed);
  }

  private Settings settings(String... extra) throws IOException {
    List<String> values = new java.util.ArrayList<>(List.of(
        "data.train=" + blobs("train.csv", 300, 1), "data.test=" + blobs("test.csv", 90, 2),
        "data.scale=standardize", "data.validation_fraction=0.2", "model.hidden=8",
        "model.activation=tanh", "train.optimizer=adam(lr=0.05)", "train.batch_size=32",
        "train.max_epochs=6", "train.partitions=2", "checkpoint.every_steps=10",
        "run.dir=" + dir.resolve("run")));
    values.addAll(List.of(extra));
    return Settings.load(null, values);
  }

  @Test
  void trainWritesTheRunDirectoryAndTheModelEvaluatesAndPredictsAlike() throws IOException {
    RunSummary summary = new TrainJob(settings(), LocalSpark.session(), System.err)
        .run(new TrainJob.Options(false, false));
    Path run = dir.resolve("run");
    for (String file : List.of("config.properties", "metrics.csv", "summary.json",
        "report.html", "loss_epochs.png", "accuracy_epochs.png", "loss_steps.png",
        "loss_seconds.png", "lr_steps.png", "model/metadata", "checkpoints")) {
      assertTrue(Files.exists(run.resolve(file)), file);
    }
    JsonNode json = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    for (String field : List.of("test_accuracy", "train_seconds", "epochs", "steps",
        "stop_reason", "blas", "spark_master", "config", "weights_sha256")) {
      assertTrue(json.has(field), field);
    }
    // every stage of the command, in the order it ran, each within the whole
    JsonNode stages = json.get("stages");
    List<String> names = new java.util.ArrayList<>();
    stages.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("read", "cache", "train", "evaluate", "charts", "save",
        "save_alongside", "first_step_at", "total"), names);
    double total = stages.get("total").asDouble();
    for (String stage : List.of("read", "cache", "train", "evaluate", "charts", "save")) {
      double seconds = stages.get(stage).asDouble();
      assertTrue(seconds > 0 && seconds < total, stage + " " + seconds + " of " + total);
    }
    assertTrue(stages.get("read").asDouble() + stages.get("cache").asDouble()
        + stages.get("train").asDouble() < total);
    double firstStep = stages.get("first_step_at").asDouble();
    assertTrue(firstStep > stages.get("read").asDouble() + stages.get("cache").asDouble()
        && firstStep < total - stages.get("train").asDouble() + 1e-3, "first step " + firstStep);
    double accuracy = json.get("test_accuracy").asDouble();
    assertTrue(accuracy > 0.9, "test accuracy " + accuracy);
    assertEquals("max_epochs", json.get("stop_reason").asText());
    assertEquals(6, json.get("history").size());
    assertTrue(summary.oneLine().startsWith(String.format(java.util.Locale.ROOT,
        "test accuracy %.4f after 6 epochs (max_epochs, ", accuracy)), summary.oneLine());
    String html = Files.readString(run.resolve("report.html"));
    assertEquals(5, html.split("data:image/png;base64,").length - 1);
    // 240 training rows / 32 = 8 steps per epoch, in windows of 1 step: 48 metric rows
    assertEquals(1 + json.get("steps").asInt(),
        Files.readAllLines(run.resolve("metrics.csv")).size());

    DataSource test = new DataSource(DataFormat.CSV, dir.resolve("test.csv").toString(), "",
        "label", "", "", true, ",", 0);
    Map<String, Object> metrics = EvaluateJob.run(LocalSpark.session(), run.toString(), test,
        dir.resolve("eval"));
    assertEquals(accuracy, (Double) metrics.get("accuracy"), 1e-12);
    assertTrue(Files.exists(dir.resolve("eval/confusion_matrix.png")));
    long[][] confusion = (long[][]) metrics.get("confusion_matrix");
    assertEquals(90, java.util.Arrays.stream(confusion).flatMapToLong(java.util.Arrays::stream)
        .sum());

    String out = dir.resolve("pred.csv").toString();
    assertEquals(90, PredictJob.run(LocalSpark.session(), run.toString(), test, out, "csv",
        false));
    List<org.apache.spark.sql.Row> rows = LocalSpark.session().read().option("header", "true")
        .option("inferSchema", "true").csv(out).collectAsList();
    long right = rows.stream().filter(r -> r.getDouble(0) == r.getDouble(4)).count();
    assertEquals(accuracy, right / 90.0, 1e-12);

    Path narrow = dir.resolve("narrow.csv");
    Files.writeString(narrow, "a,b,c,label\n1,2,3,0\n");
    DataSource wrong = new DataSource(DataFormat.CSV, narrow.toString(), "", "label", "", "",
        true, ",", 0);
    assertEquals(narrow + " has 3 features per row, but the model was trained on 4",
        assertThrows(IllegalArgumentException.class, () -> EvaluateJob.run(
            LocalSpark.session(), run.toString(), wrong, dir.resolve("eval2"))).getMessage());
  }

  @Test
  void anExistingRunIsRefusedUnlessOverwrittenOrResumed() throws IOException {
    Settings s = settings("train.max_epochs=1");
    new TrainJob(s, LocalSpark.session(), System.err).run(new TrainJob.Options(false, false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainJob(s, LocalSpark.session(), System.err)
            .run(new TrainJob.Options(false, false)));
    assertEquals("run directory " + dir.resolve("run") + " already exists; use --overwrite to"
        + " replace it, --resume to continue it, or set run.dir", e.getMessage());
    // resuming a finished 1-epoch run with a higher limit trains the remaining epochs
    RunSummary resumed = new TrainJob(s.with(Key.TRAIN_MAX_EPOCHS, "3"), LocalSpark.session(),
        System.err).run(new TrainJob.Options(true, false));
    assertEquals(3, resumed.get("epochs"));
    RunSummary fresh = new TrainJob(s.with(Key.TRAIN_MAX_EPOCHS, "3"), LocalSpark.session(),
        System.err).run(new TrainJob.Options(false, true));
    assertEquals(fresh.get("weights_sha256"), resumed.get("weights_sha256"));
  }

  @Test
  void invalidRowsFailByDefaultAndAreCountedWhenSkipped() throws IOException {
    Path bad = dir.resolve("bad.csv");
    String good = Files.readString(blobs("good.csv", 120, 4));
    Files.writeString(bad, good + "1,2,x,4,0\n1,2,3,4,1.5\n1,2,3\n");
    Settings s = settings("data.train=" + bad, "data.test=", "train.max_epochs=1");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainJob(s, LocalSpark.session(), System.err)
            .run(new TrainJob.Options(false, false)));
    assertEquals("file:" + bad + ", line 122, column 3: 'x' is not a number", e.getMessage());
    RunSummary summary = new TrainJob(s.with(Key.DATA_ON_INVALID, "skip").with(Key.RUN_DIR,
        dir.resolve("skip-run").toString()), LocalSpark.session(), System.err)
        .run(new TrainJob.Options(false, false));
    // two lines do not parse; one parses but its label 1.5 is not a class index
    assertEquals(3L, summary.get("skipped_rows"));
    assertEquals("file:" + bad + ", line 122, column 3: 'x' is not a number",
        summary.get("first_skipped"));
  }
}
