package org.minibatch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small classification data for tests: three noisy blobs in 4 dimensions, label last. */
final class Blobs {
  private Blobs() {}

  static Path write(Path dir, String name, int rows, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
    for (int i = 0; i < rows; i++) {
      int label = i % 3;
      for (int j = 0; j < 4; j++) {
        csv.append(random.nextGaussian() * 0.6 + (j == label ? 2 : 0) + 10).append(',');
      }
      csv.append(label).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, csv);
    return p;
  }
}
