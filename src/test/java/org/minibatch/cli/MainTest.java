package org.minibatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.functions.TestFunction;
import org.minibatch.optim.functions.Trajectory;
import org.minibatch.optim.schedule.Schedules;
import picocli.CommandLine;

class MainTest {
  @TempDir
  Path dir;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void trajectoryWritesEveryStepAtFullPrecision() throws IOException {
    Path csv = dir.resolve("out/path.csv");
    Result r = run("trajectory", "--function", "rosenbrock", "--start", "-1.5,2", "--steps", "50",
        "--optimizer", "nesterov(lr=0.001)", "--schedule", "cosine(steps=40)", "--out",
        csv.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("step,x,y,loss,lr", lines.get(0));
    assertEquals("0,-1.5,2.0,12.5,", lines.get(1));
    assertEquals(52, lines.size());
    Trajectory expected = Trajectory.run(TestFunction.ROSENBROCK, -1.5, 2,
        Optimizers.parse("nesterov(lr=0.001)"), Schedules.parse("cosine(steps=40)", 0.001), 50);
    for (int k = 1; k <= 50; k++) {
      String[] f = lines.get(k + 1).split(",");
      assertEquals(k, Integer.parseInt(f[0]));
      assertEquals(expected.x()[k], Double.parseDouble(f[1]), 0);
      assertEquals(expected.y()[k], Double.parseDouble(f[2]), 0);
      assertEquals(expected.loss()[k], Double.parseDouble(f[3]), 0);
      assertEquals(expected.lr()[k], Double.parseDouble(f[4]), 0);
    }
    assertEquals(0.0, Double.parseDouble(lines.get(51).split(",")[4]), 0, "cosine floor");
    assertTrue(r.out().startsWith("nesterov(lr=0.001,gamma=0.9): f = "), r.out());
  }

  @Test
  void severalOptimizersGetAColumnAndAPlot() throws IOException {
    Path csv = dir.resolve("paths.csv");
    Path png = dir.resolve("plots/paths.png");
    Result r = run("trajectory", "--function", "ravine", "--start", "-4,1", "--steps", "20",
        "--optimizer", "sgd(lr=0.01)", "--optimizer", "adam(lr=0.1)", "--out", csv.toString(),
        "--plot", png.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(csv);
    assertEquals("optimizer,step,x,y,loss,lr", lines.get(0));
    assertEquals("sgd(lr=0.01),0,-4.0,1.0,66.0,", lines.get(1));
    assertEquals("\"adam(lr=0.1,beta1=0.9,beta2=0.999,eps=1e-8)\",0,-4.0,1.0,66.0,",
        lines.get(22));
    assertEquals(1 + 2 * 21, lines.size());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(820, image.getHeight());
    assertTrue(count(image, 0x1f77b4) > 200, "the first path is drawn in blue");
    assertTrue(count(image, 0xd62728) > 100, "the second path is drawn in red");
    assertTrue(count(image, 0x21918c) > 100, "contour lines in the colormap's middle");
  }

  /** Pixels close to a colour (anti-aliasing and translucency blend edges with white). */
  private static int count(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int distance = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
          distance += Math.abs(((p >> shift) & 0xff) - ((rgb >> shift) & 0xff));
        }
        n += distance < 90 ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void scheduleToStandardOutput() throws IOException {
    Result r = run("schedule", "--schedule", "step(gamma=0.5,every=2)", "--lr", "0.4",
        "--steps", "5", "--out", "-");
    assertEquals(0, r.code(), r.err());
    assertEquals("step,lr\n1,0.4\n2,0.4\n3,0.2\n4,0.2\n5,0.1\n", r.out());
    Path png = dir.resolve("lr.png");
    Result plotted = run("schedule", "--schedule", "cyclic(base=0.001,max=0.01,half_cycle=50)",
        "--steps", "300", "--out", dir.resolve("lr.csv").toString(), "--plot", png.toString());
    assertEquals(0, plotted.code(), plotted.err());
    assertEquals(301, Files.readAllLines(dir.resolve("lr.csv")).size());
    assertEquals(900, ImageIO.read(png.toFile()).getWidth());
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    Result none = run();
    assertEquals(2, none.code());
    assertTrue(none.err().startsWith("minibatch: no command given; choose one of: train,"
        + " evaluate, predict, tune, compare, trajectory, schedule, "), none.err());
    Result unknown = run("trajectry");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("trajectory"), unknown.err());
    String[] base = {"trajectory", "--function", "ravine", "--start", "-4,1", "--steps", "5",
        "--out", "-"};
    assertUsage("Missing required option: '--optimizer=SPEC'", base);
    assertUsage("Invalid value for option '--optimizer' (SPEC): unknown optimizer 'adma'; did"
        + " you mean 'adam'?", concat(base, "--optimizer", "adma"));
    assertUsage("Invalid value for option '--optimizer' (SPEC): beta2 must be in [0, 1), got 1.2",
        concat(base, "--optimizer", "adam(beta2=1.2)"));
    assertUsage("Invalid value for option '--schedule' (SPEC): schedule 'cosine' needs steps, e.g."
        + " cosine(lr=0.1,min=0,steps=1000)",
        concat(base, "--optimizer", "sgd", "--schedule", "cosine"));
    assertUsage("unknown function 'ravin'; did you mean 'ravine'?", "trajectory", "--function",
        "ravin", "--start", "0,0", "--steps", "1", "--optimizer", "sgd", "--out", "-");
    assertUsage("expected X,Y, got '1'", "trajectory", "--function", "ravine", "--start", "1",
        "--steps", "1", "--optimizer", "sgd", "--out", "-");
    assertUsage("--steps must be at least 1, got 0", "schedule", "--schedule", "constant",
        "--steps", "0", "--out", "-");
    assertUsage("Invalid value for option '--schedule' (SPEC): unknown key for schedule 'step'",
        "schedule", "--schedule", "step(evry=3)", "--steps", "3", "--out", "-");
  }

  private void assertUsage(String message, String... args) {
    Result r = run(args);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(message), r.err());
    assertTrue(r.err().contains("--help' for more information."), r.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void failuresWhileRunningExitOne() throws IOException {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    Result r = run("schedule", "--schedule", "constant", "--steps", "3", "--out",
        blocker.resolve("sub.csv").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("minibatch schedule: error: "), r.err());
  }

  @Test
  void helpEverywhereWithExamples() {
    for (String[] args : new String[][] {{"--help"}, {"trajectory", "--help"},
        {"schedule", "--help"}, {"help", "trajectory"}}) {
      Result r = run(args);
      assertEquals(0, r.code(), String.join(" ", args));
      assertTrue(r.out().contains("Examples:"), r.out());
    }
    assertTrue(run("trajectory", "--help").out().contains("(1-x)^2 + 100(y-x^2)^2"));
  }
}
