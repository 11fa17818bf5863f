package org.minibatch.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hashed bag-of-words documents, the shape of rcv1 or news20 at any width: document r of
 * {@code words} words, in one of {@code classes} topics, hashed into {@code features} columns
 * with term counts as values.
 *
 * <p>Each word is a topic word with probability {@link #TOPIC_SHARE} (Zipf-like over the
 * topic's {@link #TOPIC_WORDS} words), else a background word (Zipf-like over a vocabulary of
 * {@link #VOCABULARY} words shared by all topics). The words of a document depend only on the
 * seed and r, not on {@code features}: the same documents hashed to 100k, 1M or 10M columns
 * differ only in collisions, so per-step times at different widths compare like for like.
 */
public final class SyntheticDocuments {
  /** Words in the shared background vocabulary. */
  public static final long VOCABULARY = 2_000_000;
  /** Words that mark each topic. */
  public static final long TOPIC_WORDS = 5_000;
  /** Share of a document's words drawn from its topic. */
  public static final double TOPIC_SHARE = 0.2;

  private final int features;
  private final int words;
  private final int classes;
  private final long seed;

  public SyntheticDocuments(int features, int words, int classes, long seed) {
    if (features < 1 || words < 1 || classes < 2) {
      throw new IllegalArgumentException("features and words must be >= 1 and classes >= 2,"
          + " got " + features + ", " + words + ", " + classes);
    }
    this.features = features;
    this.words = words;
    this.classes = classes;
    this.seed = seed;
  }

  /**
   * Document r: its topic, and its distinct columns (0-based, ascending) with their counts.
   *
   * @param columns the document's columns, ascending
   * @param counts how many of its words each column holds
   */
  public record Document(int topic, int[] columns, int[] counts) {}

  public Document document(int r) {
    SplittableRandom random = new SplittableRandom(mix(seed, r));
    int topic = random.nextInt(classes);
    int[] hashed = new int[words];
    for (int i = 0; i < words; i++) {
      long word = random.nextDouble() < TOPIC_SHARE
          ? VOCABULARY + topic * TOPIC_WORDS + zipf(random, TOPIC_WORDS)
          : zipf(random, VOCABULARY);
      hashed[i] = (int) Math.floorMod(mix(seed ^ 0x5EED, word), (long) features);
    }
    Arrays.sort(hashed);
    int[] columns = new int[words];
    int[] counts = new int[words];
    int distinct = 0;
    for (int i = 0; i < words; ) {
      int j = i;
      while (j < words && hashed[j] == hashed[i]) {
        j++;
      }
      columns[distinct] = hashed[i];
      counts[distinct++] = j - i;
      i = j;
    }
    return new Document(topic, Arrays.copyOf(columns, distinct), Arrays.copyOf(counts, distinct));
  }

  /** Document r as a sparse row of {@code features} term counts labelled with its topic. */
  public LabeledRow row(int r) {
    Document d = document(r);
    double[] values = Arrays.stream(d.counts()).asDoubleStream().toArray();
    return LabeledRow.sparse(features, d.columns(), values, new double[] {d.topic()}, 1);
  }

  /** A rank in [0, n) with probability about 1 / ((rank + 1) ln n): log-uniform. */
  private static long zipf(SplittableRandom random, long n) {
    return Math.min(n - 1, (long) Math.exp(random.nextDouble() * Math.log(n)) - 1);
  }

  /** SplitMix64's finaliser over (a, b): a well-spread 64-bit hash. */
  private static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
