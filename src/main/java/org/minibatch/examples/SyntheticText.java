package org.minibatch.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minibatch.data.SyntheticDocuments;

/**
 * Writes {@link SyntheticDocuments} in LIBSVM form: {@code rows} documents of {@code words}
 * words each, in {@code classes} topics, hashed into {@code features} columns (term counts as
 * values, 1-based ascending indices, the topic as the label).
 *
 * <p>{@code submit-scripts/minibatch make-sparse-data OUT ROWS FEATURES [WORDS] [CLASSES] [SEED]}
 */
public final class SyntheticText {
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
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1, got " + rows);
    }
    SyntheticDocuments documents = new SyntheticDocuments(features, words, classes, seed);
    long nonZeros = 0;
    try (Writer w = new BufferedWriter(Files.newBufferedWriter(out, StandardCharsets.US_ASCII),
        1 << 20)) {
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < rows; r++) {
        SyntheticDocuments.Document d = documents.document(r);
        line.setLength(0);
        line.append(d.topic());
        for (int k = 0; k < d.columns().length; k++) {
          line.append(' ').append(d.columns()[k] + 1).append(':').append(d.counts()[k]);
        }
        w.append(line).append('\n');
        nonZeros += d.columns().length;
      }
    }
    return nonZeros;
  }
}
