package org.minibatch.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory that holds checkpoint files: the few operations checkpoints need, so the same
 * logic writes to a local disk ({@link #local}) or to any Hadoop file system (the Spark layer
 * provides that one).
 */
public interface CheckpointStore {

  /** Names of the files in the directory (not paths). */
  List<String> list() throws IOException;

  /** A new file, replacing one of that name; it need only be complete once closed. */
  OutputStream create(String name) throws IOException;

  InputStream open(String name) throws IOException;

  void delete(String name) throws IOException;

  /** A human-readable location for messages. */
  String describe(String name);

  /** A store in a local directory, created if missing. */
  static CheckpointStore local(Path dir) {
    return new CheckpointStore() {
      @Override
      public List<String> list() throws IOException {
        if (!Files.isDirectory(dir)) {
          return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
          return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
      }

      @Override
      public OutputStream create(String name) throws IOException {
        Files.createDirectories(dir);
        return Files.newOutputStream(dir.resolve(name));
      }

      @Override
      public InputStream open(String name) throws IOException {
        return Files.newInputStream(dir.resolve(name));
      }

      @Override
      public void delete(String name) throws IOException {
        Files.deleteIfExists(dir.resolve(name));
      }

      @Override
      public String describe(String name) {
        return dir.resolve(name).toString();
      }
    };
  }
}
