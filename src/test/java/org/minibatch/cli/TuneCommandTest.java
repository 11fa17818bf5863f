package org.minibatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tune and compare on the command line: help, and bad usage caught before Spark starts. */
class TuneCommandTest {
  @TempDir
  Path dir;

  private static final String CONF = "conf/fashion-mnist.properties";

  @Test
  void helpShowsTheSpaceFormatAndExamples() {
    MainTest.Result tune = MainTest.run("tune", "--help");
    assertEquals(0, tune.code());
    assertTrue(tune.out().contains("train.optimizer.lr = loguniform(1e-4, 0.3)"), tune.out());
    assertTrue(tune.out().contains("--strategy halving"), tune.out());
    MainTest.Result compare = MainTest.run("compare", "--help");
    assertEquals(0, compare.code());
    assertTrue(compare.out().contains("--optimizers 'sgd(lr=0.1)' 'momentum(lr=0.05)'"),
        compare.out());
  }

  @Test
  void badSearchesExitWithTwoAndSayWhy() throws IOException {
    Path space = dir.resolve("space.properties");
    Files.writeString(space, "train.batchsize = 64 | 128\n");
    MainTest.Result r = MainTest.run("tune", "--conf", CONF, "--space", space.toString(),
        "--strategy", "grid", "--set", "data.validation_fraction=0.1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch tune: space.properties line 1: unknown config key"
        + " 'train.batchsize'; did you mean 'train.batch_size'?"), r.err());

    r = MainTest.run("tune", "--conf", CONF, "--space", space.toString(), "--strategy", "grid");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch tune: tune ranks trials on a validation set: set"
        + " data.validation_fraction (e.g. 0.1) or data.validation"), r.err());

    r = MainTest.run("tune", "--conf", CONF, "--space", space.toString(), "--strategy",
        "hyperbnd");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch tune: unknown strategy 'hyperbnd'"), r.err());

    r = MainTest.run("tune", "--conf", CONF, "--space", dir.resolve("none").toString(),
        "--strategy", "grid");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch tune: cannot read space file "), r.err());

    Files.writeString(space, "train.optimizer.lr = 0.1 | 0.01\n");
    r = MainTest.run("tune", "--conf", CONF, "--space", space.toString(), "--strategy",
        "halving", "--set", "data.validation_fraction=0.1", "--eta", "1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch tune: --eta must be at least 2, got 1"), r.err());

    r = MainTest.run("tune", "--conf", CONF, "--space", space.toString(), "--strategy",
        "halving", "--set", "data.validation_fraction=0.1", "--set", "train.max_epochs=2",
        "--min-epochs", "9/4");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch tune: --min-epochs must be in (0, 2] (the maximum"
        + " budget, train.max_epochs), got 2.25"), r.err());
    r = MainTest.run("tune", "--conf", CONF, "--space", space.toString(), "--strategy",
        "halving", "--min-epochs", "1/x");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("Invalid value for option '--min-epochs': expected a"
        + " number or A/B, got '1/x'"), r.err());
  }

  @Test
  void badComparisonsExitWithTwo() {
    MainTest.Result r = MainTest.run("compare", "--conf", CONF, "--optimizers", "sgd", "adam",
        "sgd");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch compare: optimizer sgd is given twice"), r.err());
    r = MainTest.run("compare", "--conf", CONF, "--optimizers", "adma(lr=0.1)");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("minibatch compare: unknown optimizer 'adma'; did you mean"
        + " 'adam'?"), r.err());
    r = MainTest.run("compare", "--conf", CONF);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("Missing required option: '--optimizers=SPEC'"), r.err());
  }
}
