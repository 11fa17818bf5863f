package org.minibatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tune and compare on Fashion-MNIST as users run them, each in its own JVM: successive halving
 * with two trials at a time, over 64 partitions with Kryo as {@code spark.serializer} (as a
 * cluster's defaults often set), then train from the best.properties it wrote; and a comparison
 * of three optimizers; and hyperband, bayes and genetic over an architecture space under one
 * epoch budget on 24 partitions.
 */
class TuneCompareIT {
  @TempDir
  Path dir;

  private static final String CONF = Path.of("conf/fashion-mnist.properties").toAbsolutePath()
      .toString();

  @Test
  void halvingOnFashionMnistWritesABestConfigThatTrains() throws Exception {
    Path space = dir.resolve("space.properties");
    Files.writeString(space, "train.optimizer = sgd | adam\n"
        + "train.optimizer.lr = 0.1 | 0.01 | 0.001\n");
    Path out = dir.resolve("tune");
    CommandLineIT.Result tune = CommandLineIT.run(dir, "tune", "--conf", CONF, "--space",
        space.toString(), "--strategy", "halving", "--parallel", "2", "--out", out.toString(),
        "--set", "data.validation_fraction=0.1", "--set", "train.max_epochs=1",
        "--set", "train.batch_size=1024", "--set", "train.schedule=constant",
        "--set", "train.partitions=64", "--set", "spark.master=local[2]",
        "--set", "spark.serializer=org.apache.spark.serializer.KryoSerializer");
    assertEquals(0, tune.exit(), tune.output());
    System.out.println(tune.output().lines().filter(l -> l.startsWith("best")
        || l.startsWith("search") || l.startsWith("Spark")).toList());
    assertTrue(tune.output().contains("Spark storage while trials ran: 1 cached RDD(s)"),
        tune.output());
    // 6 trials at a third of an epoch, the best 2 continued to 1 epoch
    assertTrue(tune.output().contains("search: halving (eta 3), 6 trials"), tune.output());
    List<String> csv = Files.readAllLines(out.resolve("trials.csv"));
    assertEquals(1 + 6 + 2, csv.size());
    Matcher best = Pattern.compile("best: trial \\d+, validation_accuracy (0\\.\\d+) after 1"
        + " epoch").matcher(tune.output());
    assertTrue(best.find(), tune.output());
    assertTrue(Double.parseDouble(best.group(1)) > 0.8, best.group());
    for (String png : List.of("metric_vs_train.optimizer.png",
        "metric_vs_train.optimizer.lr.png")) {
      assertTrue(Files.size(out.resolve(png)) > 1000, png);
    }

    CommandLineIT.Result train = CommandLineIT.run(dir, "train", "--conf",
        out.resolve("best.properties").toString(), "--set", "run.dir=" + dir.resolve("run"));
    assertEquals(0, train.exit(), train.output());
    assertTrue(train.output().contains("test accuracy 0."), train.output());
  }

  @Test
  void modelBasedAndGeneticSearchOfTheArchitectureShareOneBudget() throws Exception {
    Path space = dir.resolve("arch.properties");
    Files.writeString(space, "train.optimizer = sgd | adam\n"
        + "train.optimizer.lr = loguniform(0.001, 0.1)\n"
        + "model.layers = 1..2\n"
        + "model.width = loguniform_int(32, 128)\n");
    Path out = dir.resolve("strategies");
    CommandLineIT.Result tune = CommandLineIT.run(dir, "tune", "--conf", CONF, "--space",
        space.toString(), "--strategy", "hyperband,bayes,genetic", "--budget-epochs", "4",
        "--min-epochs", "1/3", "--initial", "2", "--population", "3", "--inherit-weights",
        "--parallel", "2", "--out", out.toString(),
        "--set", "data.validation_fraction=0.1", "--set", "train.max_epochs=1",
        "--set", "train.batch_size=1024", "--set", "train.schedule=constant",
        "--set", "train.partitions=24", "--set", "spark.master=local[2]",
        "--set", "spark.serializer=org.apache.spark.serializer.KryoSerializer");
    assertEquals(0, tune.exit(), tune.output());
    System.out.println(tune.output().lines().filter(l -> l.startsWith("best")
        || l.startsWith("search") || l.startsWith("  bracket")).toList());
    // hyperband at R = 1 epoch, r_min = 1/3 epoch, eta 3: brackets s = 1 and s = 0
    assertTrue(tune.output().contains("  bracket 0: "), tune.output());
    assertTrue(tune.output().contains("  bracket 1: "), tune.output());

    List<String> csv = Files.readAllLines(out.resolve("strategies.csv"));
    assertEquals(4, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(0).startsWith("strategy,trials,validation_accuracy,test_accuracy,epochs,"),
        csv.get(0));
    List<String> strategies = new java.util.ArrayList<>();
    for (String row : csv.subList(1, csv.size())) {
      String[] f = row.split(",", 7);
      strategies.add(f[0]);
      assertTrue(Integer.parseInt(f[1]) >= 2, row);
      assertTrue(Double.parseDouble(f[4]) <= 4 + 1e-9, "over the epoch budget: " + row);
      assertTrue(Double.parseDouble(f[2]) > 0.5, row);
      assertTrue(Double.parseDouble(f[3]) > 0.5, "test accuracy of the best trial: " + row);
      assertTrue(f[6].contains("model.layers=") && f[6].contains("model.width="), row);
    }
    assertEquals(List.of("hyperband", "bayes", "genetic"), strategies);
    assertTrue(Files.size(out.resolve("best_so_far.png")) > 1000);
    for (String strategy : strategies) {
      String best = Files.readString(out.resolve(strategy).resolve("best.properties"));
      assertTrue(best.matches("(?s).*model\\.hidden\\s*=\\s*\\d+.*"), best);
    }
  }

  @Test
  void compareThreeOptimizersOnFashionMnist() throws Exception {
    Path out = dir.resolve("compare");
    CommandLineIT.Result compare = CommandLineIT.run(dir, "compare", "--conf", CONF,
        "--set", "data.validation_fraction=0.1", "--set", "train.max_epochs=1",
        "--set", "train.batch_size=1024", "--set", "train.schedule=constant",
        "--warmup-steps", "20", "--optimizers", "sgd(lr=0.1)", "momentum(lr=0.05)",
        "adam(lr=0.002)", "--out", out.toString());
    assertEquals(0, compare.exit(), compare.output());
    List<String> csv = Files.readAllLines(out.resolve("compare.csv"));
    assertEquals(4, csv.size());
    assertTrue(csv.get(3).matches("adam\\(lr=0\\.002\\),ok,1,\\d+,.*"), csv.get(3));
    assertTrue(compare.output().contains("optimizer          status   epochs"),
        compare.output());
    for (String png : List.of("loss_steps.png", "loss_seconds.png", "accuracy_epochs.png")) {
      assertTrue(Files.size(out.resolve(png)) > 1000, png);
    }
  }
}
