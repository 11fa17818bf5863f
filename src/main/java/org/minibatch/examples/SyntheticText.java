package org.minibatch.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes a hashed bag-of-words data set in LIBSVM form, the shape of rcv1 or news20 at any
 * width: {@code rows} documents of {@code words} words each, in {@code classes} topics, hashed
 * into {@code features} columns (term counts as values, 1-based ascending indices).
 *
 * <p>Each word is a topic word with probability {@link #TOPIC_SHARE} (Zipf-like over the
 * topic's {@link #TOPIC_WORDS} words), else a background word (Zipf-like over a vocabulary of
 * {@link #VOCABULARY} words shared by all topics). The words of a row depend only on the seed
 * and the row number, not on {@code features}: the same documents hashed to 100k, 1M or 10M
 * columns differ only in collisions, so per-step times at different widths compare like for
 * like.
 *
 * <p>{@code submit-scripts/minibatch make-sparse-data OUT ROWS FEATURES [WORDS] [CLASSES] [SEED]}
 */
public final class SyntheticText {
  /** Words in the shared background vocabulary. */
  public static final long VOCABULARY = 2_000_000;
  /** Words that mark each topic. */
  public static final long TOPIC_WORDS = 5_000;
  /** Share of a document's words drawn from its topic. */
  public static final double TOPIC_SHARE = 0.2;

  private SyntheticText() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: make-sparse-data OUT ROWS FEATURES [WORDS=100] [CLASSES=10]"
          + " [SEED=1]");
      System.exit(2);
    }
    long start = System.nanoTime();
    Path out = Path.of(args[0]);
    int rows = Integer.parseInt(args[1]);
    int features = Integer.parseInt(args[2]);
    int words = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int classes = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    long seed = args.length > 5 ? Long.parseLong(args[5]) : 1;
    long nonZeros = write(out, rows, features, words, classes, seed);
    System.out.printf(java.util.Locale.ROOT, "wrote %s: %d rows, %d features, %.1f non-zeros"
        + " a row, %.1f s%n", out, rows, features, nonZeros / (double) rows,
        (System.nanoTime() - start) / 1e9);
  }

  /** Writes the data set to {@code out}; returns the non-zeros written. */
  public static long write(Path out, int rows, int features, int words, int classes, long seed)
      throws IOException {
    if (rows < 1 || features < 1 || words < 1 || classes < 2) {
      throw new IllegalArgumentException("rows, features and words must be >= 1 and classes"
          + " >= 2, got " + rows + ", " + features + ", " + words + ", " + classes);
    }
    long nonZeros = 0;
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.US_ASCII),
        1 << 20)) {
      StringBuilder line = new StringBuilder();
      int[] columns = new int[words];
      for (int r = 0; r < rows; r++) {
        line.setLength(0);
        nonZeros += row(r, seed, features, words, classes, columns, line);
        w.append(line).append('\n');
      }
    }
    return nonZeros;
  }

  /** Row r as a LIBSVM line in {@code line}; returns its non-zero count. */
  static int row(int r, long seed, int features, int words, int classes, int[] columns,
      StringBuilder line) {
    SplittableRandom random = new SplittableRandom(mix(seed, r));
    int topic = random.nextInt(classes);
    for (int i = 0; i < words; i++) {
      long word = random.nextDouble() < TOPIC_SHARE
          ? VOCABULARY + topic * TOPIC_WORDS + zipf(random, TOPIC_WORDS)
          : zipf(random, VOCABULARY);
      columns[i] = (int) Math.floorMod(mix(seed ^ 0x5EED, word), (long) features);
    }
    Arrays.sort(columns);
    line.append(topic);
    int distinct = 0;
    for (int i = 0; i < words; ) {
      int j = i;
      while (j < words && columns[j] == columns[i]) {
        j++;
      }
      line.append(' ').append(columns[i] + 1).append(':').append(j - i);
      distinct++;
      i = j;
    }
    return distinct;
  }

  /** A rank in [0, n) with probability about 1 / ((rank + 1) ln n): log-uniform. */
  private static long zipf(SplittableRandom random, long n) {
    return Math.min(n - 1, (long) Math.exp(random.nextDouble() * Math.log(n)) - 1);
  }

  /** SplitMix64's finaliser over (a, b): a well-spread 64-bit hash. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
