package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.spark.LocalSpark;
import org.minibatch.train.BatchPlan;
import org.minibatch.tune.FullSearch;
import org.minibatch.tune.Metric;
import org.minibatch.tune.Objective;
import org.minibatch.tune.Outcome;
import org.minibatch.tune.SearchListener;
import org.minibatch.tune.SearchResult;
import org.minibatch.tune.SearchSpace;
import org.minibatch.tune.Trial;
import org.minibatch.tune.TrialRunner;

/** tune end to end on small CSV data in the shared local[2] session. */
class TuneJobTest {
  @TempDir
  Path dir;

  private Settings settings(String... extra) throws IOException {
    List<String> values = new ArrayList<>(List.of(
        "data.train=" + Blobs.write(dir, "train.csv", 300, 1),
        "data.test=" + Blobs.write(dir, "test.csv", 90, 2),
        "data.scale=standardize", "data.validation_fraction=0.2", "model.hidden=8",
        "model.activation=tanh", "train.optimizer=adam(lr=0.05)", "train.batch_size=32",
        "train.max_epochs=3", "train.partitions=2"));
    values.addAll(List.of(extra));
    return Settings.load(null, values);
  }

  private static SearchSpace space(String text) {
    return SearchSpace.parse(text, "space.properties");
  }

  private TuneReport tune(Settings s, String space, TuneJob.Strategy strategy, int parallel,
      String out) throws IOException {
    return new TuneJob(s, space(space), LocalSpark.session(), System.err).run(
        TuneJob.Options.of(strategy).withParallel(parallel)
            .withOut(dir.resolve(out).toString(), false)).get(0);
  }

  @Test
  void gridWithTwoTrialsAtATimeWritesTheResultsOverOneCachedCopy() throws IOException {
    TuneReport report = tune(settings(), """
        train.optimizer = sgd | adam
        train.optimizer.lr = 0.05 | 0.005
        """, TuneJob.Strategy.GRID, 2, "grid");
    assertEquals(1, report.cachedRdds(), "every trial reads the one cached training set");
    Path out = dir.resolve("grid");
    List<String> csv = Files.readAllLines(out.resolve("trials.csv"));
    assertEquals("trial,bracket,rung,budget_epochs,train.optimizer,train.optimizer.lr,status,"
        + "validation_accuracy,epochs_trained,seconds", csv.get(0));
    assertEquals(5, csv.size());
    assertTrue(csv.get(1).startsWith("1,0,0,3,sgd,0.05,ok,"), csv.get(1));
    assertTrue(csv.get(4).startsWith("4,0,0,3,adam,0.005,ok,"), csv.get(4));
    double best = Double.NEGATIVE_INFINITY;
    for (String row : csv.subList(1, 5)) {
      String[] f = row.split(",");
      assertEquals("3", f[8], "every grid trial trains the full 3 epochs");
      best = Math.max(best, Double.parseDouble(f[7]));
    }
    assertEquals(best, report.result().best().outcome().metric(), 1e-6);
    assertEquals(12, report.result().totalEpochs(), 1e-12);

    Settings chosen = Settings.load(out.resolve("best.properties"), List.of());
    assertEquals(report.best().get(Key.TRAIN_OPTIMIZER), chosen.get(Key.TRAIN_OPTIMIZER));
    Map<String, String> values = report.result().best().trial().values();
    assertEquals(values.get("train.optimizer") + "(lr=" + values.get("train.optimizer.lr")
        + ")", chosen.get(Key.TRAIN_OPTIMIZER));
    assertEquals("standardize", chosen.get(Key.DATA_SCALE), "the rest is the base config");
    assertFalse(chosen.isSet(Key.RUN_DIR));
    for (String png : List.of("metric_vs_train.optimizer.png",
        "metric_vs_train.optimizer.lr.png",
        "metric_vs_train.optimizer.lr_by_train.optimizer.png")) {
      assertEquals(800, ImageIO.read(out.resolve(png).toFile()).getWidth(), png);
    }
    List<String> lines = report.lines();
    assertTrue(lines.get(0).startsWith("best: trial " + report.result().best().trial().id()
        + ", validation_accuracy "), lines.get(0));
    assertTrue(lines.contains("  train.optimizer=" + chosen.get(Key.TRAIN_OPTIMIZER)), lines
        .toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("search: grid, 4 trials, 12 epochs in"
        + " all; ")), lines.toString());
    assertTrue(lines.contains("Spark storage while trials ran: 1 cached RDD(s)"));
  }

  @Test
  void halvingPromotesAThirdAndContinuesThemToTheFullBudget() throws IOException {
    TuneReport report = tune(settings(), """
        train.optimizer = sgd | momentum | adam
        train.optimizer.lr = 0.1 | 0.03 | 0.003
        """, TuneJob.Strategy.HALVING, 1, "halving");
    List<String> csv = Files.readAllLines(dir.resolve("halving/trials.csv"));
    assertEquals(1 + 9 + 3 + 1, csv.size(), "rounds of 9, 3 and 1 trials");
    List<String[]> rows = csv.subList(1, csv.size()).stream().map(r -> r.split(",")).toList();
    assertEquals(List.of("0.3333", "1", "3"), rows.stream().map(f -> f[3]).distinct().toList());
    // the winner trained 3 epochs in all, continued from its earlier rounds, not 1/3 + 1 + 3
    assertEquals("3", rows.get(rows.size() - 1)[8]);
    assertEquals(3, report.result().best().budget(), 0);
    double total = report.result().totalEpochs();
    assertTrue(total < 9 * 3 / 3.0, "halving used " + total + " epochs, the grid 27");
    double lastOfEach = rows.stream().collect(java.util.stream.Collectors.toMap(f -> f[0],
        f -> Double.parseDouble(f[8]), Math::max)).values().stream()
        .mapToDouble(Double::doubleValue).sum();
    assertEquals(lastOfEach, total, 1e-9);
    assertTrue(Files.exists(dir.resolve("halving/best.properties")));
    assertTrue(Files.exists(dir.resolve("halving/metric_vs_train.optimizer.lr.png")));
    assertFalse(Files.exists(dir.resolve(
        "halving/metric_vs_train.optimizer.lr_by_train.optimizer.png")),
        "curves per optimizer only when every trial ran the same budget");
  }

  @Test
  void aContinuedTrialEndsWithTheWeightsOfOneUninterruptedRun() throws IOException {
    Settings s = settings();
    Trial trial = new Trial(1, Map.of("train.optimizer", "momentum",
        "train.optimizer.lr", "0.05"));
    try (PreparedData data = PreparedData.prepare(s, LocalSpark.session(), false)) {
      TrialSettings trials = new TrialSettings(s);
      SparkObjective continued = new SparkObjective(data, trials, true, Metric.ACCURACY);
      Outcome third = continued.run(trial, 1.0 / 3);
      int steps = new BatchPlan(data.train().trainRows(), 32).stepsPerEpoch();
      assertEquals(Math.round(steps / 3.0) / (double) steps, third.epochs(), 1e-12,
          "a third of an epoch is a third of its steps");
      continued.run(trial, 1);
      Outcome whole = continued.run(trial, 3);
      SparkObjective fresh = new SparkObjective(data, trials, true, Metric.ACCURACY);
      Outcome once = fresh.run(trial, 3);
      assertEquals(3, whole.epochs(), 0);
      assertEquals(once.metric(), whole.metric(), 0);
      assertArrayEquals(fresh.state(trial).params(), continued.state(trial).params());
      continued.release(trial);
      assertEquals(null, continued.state(trial));
    }
  }

  @Test
  void concurrentTrialsShareOneCachedCopy() throws IOException {
    Settings s = settings("train.max_epochs=2");
    try (PreparedData data = PreparedData.prepare(s, LocalSpark.session(), false)) {
      SparkObjective spark = new SparkObjective(data, new TrialSettings(s), false,
          Metric.ACCURACY);
      // the first two trials each wait for the other to start: only two at once get past it
      CountDownLatch bothStarted = new CountDownLatch(2);
      AtomicBoolean together = new AtomicBoolean(true);
      List<Integer> cachedSeen = java.util.Collections.synchronizedList(new ArrayList<>());
      Objective watched = (trial, budget) -> {
        if (trial.id() <= 2) {
          bothStarted.countDown();
          try {
            if (!bothStarted.await(120, TimeUnit.SECONDS)) {
              together.set(false);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        Outcome outcome = spark.run(trial, budget);
        // the other trial may still be training: what does Spark hold now?
        cachedSeen.add((int) Arrays.stream(LocalSpark.session().sparkContext()
            .getRDDStorageInfo()).filter(RDDInfo::isCached)
            .filter(i -> i.id() >= data.train().blocks().id()).count());
        return outcome;
      };
      List<Trial> trials = new ArrayList<>();
      for (String lr : List.of("0.1", "0.05", "0.02", "0.01")) {
        trials.add(new Trial(trials.size() + 1, Map.of("train.optimizer.lr", lr)));
      }
      SearchResult result = FullSearch.run("grid", trials, t -> 2,
          new TrialRunner(watched, 2, SearchListener.NONE), Metric.ACCURACY);
      assertEquals(4, result.results().size());
      assertTrue(together.get(), "trials 1 and 2 ran at the same time");
      assertEquals(List.of(1, 1, 1, 1), cachedSeen);
      assertEquals(1, spark.maxCachedRdds());
      RDDInfo blocks = Arrays.stream(LocalSpark.session().sparkContext().getRDDStorageInfo())
          .filter(i -> i.id() == data.train().blocks().id()).findFirst().orElseThrow();
      assertTrue(blocks.memSize() > 0);
      assertNotNull(result.best());
    }
  }

  @Test
  void depthAndWidthSearchTheHiddenLayersAndTheBestShapeIsWritten() throws IOException {
    TuneReport report = tune(settings(), """
        model.layers = 0..2
        model.width = 4 | 8
        """, TuneJob.Strategy.GRID, 1, "shape");
    List<String> csv = Files.readAllLines(dir.resolve("shape/trials.csv"));
    assertEquals(1 + 6, csv.size());
    assertTrue(csv.get(1).startsWith("1,0,0,3,0,4,ok,"), csv.get(1));
    assertTrue(csv.get(6).startsWith("6,0,0,3,2,8,ok,"), csv.get(6));
    Map<String, String> best = report.result().best().trial().values();
    String hidden = String.join(",", java.util.Collections.nCopies(
        Integer.parseInt(best.get("model.layers")), best.get("model.width")));
    Settings chosen = Settings.load(dir.resolve("shape/best.properties"), List.of());
    assertEquals(hidden, chosen.get(Key.MODEL_HIDDEN));
    assertTrue(report.lines().contains("  model.hidden=" + hidden), report.lines().toString());
    assertEquals(1, report.lines().stream().filter(l -> l.startsWith("  model.")).count(),
        "depth and width are reported once, as the shape they make");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tune(
        settings(), "model.hidden = 8 | 16\nmodel.layers = 1..2", TuneJob.Strategy.GRID, 1,
        "both"));
    assertEquals("space.properties line 2: model.layers and model.hidden both set the hidden"
        + " layers: search either model.layers/model.width or model.hidden", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tune(settings(),
        "model.width = 0 | 8", TuneJob.Strategy.GRID, 1, "zero"));
    assertEquals("space.properties line 1: model.width takes whole numbers of at least 1, got"
        + " 0 | 8", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tune(settings("model.hidden="),
        "model.layers = 1..2", TuneJob.Strategy.GRID, 1, "nowidth"));
    assertEquals("trial 1 (model.layers=1): model.layers=1 needs a width: search model.width"
        + " too, or give model.hidden in the config", e.getMessage());
  }

  private static final String SHAPES = """
      train.optimizer = sgd | adam
      train.optimizer.lr = 0.05 | 0.005
      model.layers = 1..2
      model.width = 4 | 8
      """;

  /** All six strategies, one after the other, at most 9 epochs each. */
  private List<TuneReport> everyStrategy(int parallel, String out) throws IOException {
    TuneJob.Options options = new TuneJob.Options(List.of(TuneJob.Strategy.values()), null,
        parallel, 3, null, 5L, dir.resolve(out).toString(), false, 9.0, 2, 3, null, false);
    return new TuneJob(settings(), space(SHAPES), LocalSpark.session(), System.err)
        .run(options);
  }

  @Test
  void sixStrategiesShareOneBudgetAndAreComparedSideBySide() throws IOException {
    List<TuneJob.Strategy> all = List.of(TuneJob.Strategy.values());
    List<TuneReport> reports = everyStrategy(1, "all");
    assertEquals(all.size(), reports.size());
    Path out = dir.resolve("all");
    List<String> rows = Files.readAllLines(out.resolve("strategies.csv"));
    assertEquals("strategy,trials,validation_accuracy,test_accuracy,epochs,seconds,best_trial",
        rows.get(0));
    assertEquals(List.of("grid", "random", "halving", "hyperband", "bayes", "genetic"),
        rows.subList(1, rows.size()).stream().map(r -> r.split(",")[0]).toList());
    for (int i = 0; i < all.size(); i++) {
      SearchResult r = reports.get(i).result();
      String name = all.get(i).label();
      assertTrue(r.totalEpochs() <= 9 + 1e-9, name + " trained " + r.totalEpochs());
      assertTrue(r.totalEpochs() >= 6, name + " stopped early at " + r.totalEpochs());
      double test = reports.get(i).testMetric();
      assertTrue(test > 0 && test <= 1, name + " test accuracy " + test);
      assertTrue(Files.exists(out.resolve(name).resolve("trials.csv")), name);
      assertTrue(Files.exists(out.resolve(name).resolve("best.properties")), name);
      String[] f = rows.get(i + 1).split(",");
      assertEquals(String.valueOf(r.trials()), f[1], name);
      assertEquals(r.best().outcome().metric(), Double.parseDouble(f[2]), 1e-4, name);
    }
    assertTrue(reports.get(3).result().results().stream().mapToInt(x -> x.bracket())
        .distinct().count() > 1, "hyperband ran more than one bracket");
    assertEquals(800, ImageIO.read(out.resolve("best_so_far.png").toFile()).getWidth());

    // every strategy is seeded: two at a time, the same trials, budgets and metrics
    everyStrategy(2, "again");
    assertEquals(withoutSeconds(out.resolve("strategies.csv"), 5),
        withoutSeconds(dir.resolve("again/strategies.csv"), 5));
    for (TuneJob.Strategy strategy : all) {
      String csv = strategy.label() + "/trials.csv";
      int seconds = Files.readAllLines(out.resolve(csv)).get(0).split(",").length - 1;
      assertEquals(withoutSeconds(out.resolve(csv), seconds),
          withoutSeconds(dir.resolve("again").resolve(csv), seconds), csv);
    }
  }

  private static List<String> withoutSeconds(Path csv, int column) throws IOException {
    return Files.readAllLines(csv).stream().map(row -> {
      List<String> f = new ArrayList<>(Arrays.asList(row.split(",", -1)));
      f.remove(column);
      return String.join(",", f);
    }).toList();
  }

  @Test
  void badSearchesFailBeforeTraining() throws IOException {
    Settings noValidation = settings("data.validation_fraction=0");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> tune(noValidation, "train.batch_size = 16 | 32", TuneJob.Strategy.GRID, 1, "a"));
    assertEquals("tune ranks trials on a validation set: set data.validation_fraction (e.g."
        + " 0.1) or data.validation", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> tune(settings(), "train.batchsize = 16 | 32", TuneJob.Strategy.GRID, 1, "b"));
    assertTrue(e.getMessage().startsWith("space.properties line 1: unknown config key"
        + " 'train.batchsize'; did you mean 'train.batch_size'?"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> tune(settings(), "data.scale = none | 255", TuneJob.Strategy.GRID, 1, "c"));
    assertEquals("space.properties line 1: data.scale cannot be searched: the data is read,"
        + " scaled and cached once for all trials", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> tune(settings(), "train.max_epochs = 1 | 2", TuneJob.Strategy.HALVING, 1, "d"));
    assertEquals("space.properties line 1: train.max_epochs cannot be searched with --strategy"
        + " halving: halving sets every trial's epoch budget", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tune(settings(),
        "train.max_steps = 10 | 20", TuneJob.Strategy.HYPERBAND, 1, "d"));
    assertEquals("space.properties line 1: train.max_steps cannot be searched with --strategy"
        + " hyperband: hyperband sets every trial's epoch budget", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> tune(settings(), "train.optimizer = sgd | adma", TuneJob.Strategy.GRID, 1, "e"));
    assertTrue(e.getMessage().startsWith("trial 2 (train.optimizer=adma): unknown optimizer"
        + " 'adma'; did you mean 'adam'?"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> tune(settings(),
        "train.optimizer.lr = loguniform(1e-3, 1)", TuneJob.Strategy.RANDOM, 1, "f"));
    assertEquals("--strategy random needs --trials N or --budget-epochs E", e.getMessage());
    TuneJob.Options grid = TuneJob.Options.of(TuneJob.Strategy.GRID);
    SearchSpace rates = space("train.optimizer.lr = 0.1 | 0.01");
    e = assertThrows(IllegalArgumentException.class, () -> TuneJob.plan(settings(), rates,
        new TuneJob.Options(grid.strategies(), null, 1, 3, 0.5, null, null, false, null, 10, 8,
            null, false)));
    assertEquals("--min-epochs applies to --strategy halving and hyperband only",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TuneJob.plan(settings(), rates,
        grid.withGenetic(8, 3, false)));
    assertEquals("--generations and --inherit-weights apply to --strategy genetic only",
        e.getMessage());
    for (String out : List.of("a", "b", "c", "d", "e", "f")) {
      assertFalse(Files.exists(dir.resolve(out)), "nothing written for " + out);
    }
  }
}
