package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.spark.LocalSpark;
import org.minibatch.util.Specs;

/** compare end to end on small CSV data in the shared local[2] session. */
class CompareJobTest {
  @TempDir
  Path dir;

  private Settings settings() throws IOException {
    return Settings.load(null, List.of(
        "data.train=" + Blobs.write(dir, "train.csv", 300, 1),
        "data.test=" + Blobs.write(dir, "test.csv", 90, 2),
        "data.scale=standardize", "data.validation_fraction=0.2", "model.hidden=8",
        "model.activation=tanh", "train.batch_size=32", "train.max_epochs=3",
        "train.partitions=2", "train.log_every_steps=1"));
  }

  @Test
  void everySpecOfAComparisonIsParsedOnce() throws IOException {
    Settings s = settings();
    long start = Specs.parseCount();
    TrainSettings.parse(s);
    long perConfig = Specs.parseCount() - start;
    assertEquals(3, perConfig, "model.activation, train.optimizer and train.schedule");
    long beforeCheck = Specs.parseCount();
    CompareJob.Plan plan = CompareJob.check(s, List.of("sgd(lr=0.1)", "adam(lr=0.05)"));
    assertEquals(2 * perConfig, Specs.parseCount() - beforeCheck, "each run's config, once");
    long beforeRun = Specs.parseCount();
    new CompareJob(s, LocalSpark.session(), System.err)
        .run(plan, dir.resolve("once").toString(), false, 0);
    // the base config (whose initializer draws the shared weights) and nothing else
    assertEquals(perConfig, Specs.parseCount() - beforeRun);
  }

  @Test
  void everyOptimizerStartsFromTheSameWeightsAndGetsARowAndACurve() throws IOException {
    List<String> optimizers = List.of("sgd(lr=0.1)", "momentum(lr=0.05)", "adam(lr=0.05)");
    List<CompareJob.Row> rows = new CompareJob(settings(), LocalSpark.session(), System.err)
        .run(optimizers, dir.resolve("cmp").toString(), false);
    assertEquals(optimizers, rows.stream().map(CompareJob.Row::optimizer).toList());
    // one step per window: the first window's loss is the loss of the initial weights on the
    // first batch, the same for all when they start from the same weights
    double first = rows.get(0).history().windows().get(0).loss();
    for (CompareJob.Row r : rows) {
      assertEquals("ok", r.status());
      assertEquals(3, r.epochs());
      assertEquals(rows.get(0).steps(), r.steps());
      assertEquals(first, r.history().windows().get(0).loss(), 0, r.optimizer());
      assertEquals(90, r.test().rows());
      assertTrue(r.validation().rows() > 30, "held-out rows " + r.validation().rows());
    }
    assertNotEquals(rows.get(0).trainLoss(), rows.get(2).trainLoss());
    CompareJob.Row adam = rows.get(2);
    assertTrue(adam.validation().accuracy() > 0.9, "adam " + adam.validation().accuracy());
    assertTrue(adam.test().accuracy() > 0.9, "adam test " + adam.test().accuracy());

    Path out = dir.resolve("cmp");
    List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
    assertEquals(CompareJob.HEADER, csv.get(0));
    assertEquals(4, csv.size());
    assertTrue(csv.get(3).startsWith("adam(lr=0.05),ok,3," + adam.steps() + ","), csv.get(3));
    for (String png : List.of("loss_steps.png", "loss_seconds.png", "accuracy_epochs.png")) {
      assertEquals(900, ImageIO.read(out.resolve(png).toFile()).getWidth(), png);
    }
    List<String> table = CompareJob.table(rows);
    assertEquals(4, table.size());
    assertTrue(table.get(0).startsWith("optimizer          status   epochs"), table.get(0));
    assertTrue(table.get(3).startsWith("adam(lr=0.05)      ok            3"), table.get(3));
  }

  @Test
  void badOptimizersFailBeforeAnythingRuns() throws IOException {
    CompareJob job = new CompareJob(settings(), LocalSpark.session(), System.err);
    String out = dir.resolve("bad").toString();
    assertEquals("optimizer sgd is given twice", assertThrows(IllegalArgumentException.class,
        () -> job.run(List.of("sgd", "adam", "sgd"), out, false)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> job.run(List.of("sgd", "rmsprop(lr=-1)"), out, false)).getMessage()
        .contains("lr must be in"));
    assertEquals("give at least one optimizer to compare", assertThrows(
        IllegalArgumentException.class, () -> job.run(List.of(), out, false)).getMessage());
    assertTrue(Files.notExists(dir.resolve("bad")));
  }
}
