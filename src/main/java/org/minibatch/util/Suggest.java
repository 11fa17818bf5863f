package org.minibatch.util;

import java.util.Collection;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" for misspelled names and keys. */
public final class Suggest {
  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

  private Suggest() {}

  /** The candidate closest to {@code input}, if it is close enough to be a likely typo. */
  public static Optional<String> closest(String input, Collection<String> candidates) {
    String lower = input.toLowerCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = DISTANCE.apply(lower, candidate.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    int tolerance = Math.max(2, lower.length() / 3);
    return best != null && bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
  }

  /**
   * A message such as {@code unknown optimizer 'adma'; did you mean 'adam'? Valid: sgd, adam}.
   */
  public static String unknown(String what, String input, Collection<String> candidates) {
    StringBuilder message = new StringBuilder("unknown ").append(what).append(" '").append(input)
        .append("'");
    closest(input, candidates).ifPresent(s -> message.append("; did you mean '").append(s)
        .append("'?"));
    message.append(" Valid: ").append(String.join(", ", candidates));
    return message.toString();
  }
}
