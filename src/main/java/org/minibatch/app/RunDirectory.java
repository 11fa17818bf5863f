package org.minibatch.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.minibatch.spark.HadoopCheckpointStore;
import org.minibatch.train.CheckpointStore;

/**
 * The directory a training run leaves behind, on any Hadoop file system: {@code metrics.csv},
 * {@code summary.json}, {@code config.properties}, {@code model/}, {@code checkpoints/}, the
 * charts and {@code report.html}.
 */
public final class RunDirectory {
  private final Path dir;
  private final FileSystem fs;
  private final Configuration conf;

  private RunDirectory(Path dir, FileSystem fs, Configuration conf) {
    this.dir = dir;
    this.fs = fs;
    this.conf = conf;
  }

  /**
   * Opens {@code location} for a new run: refuses one that already holds files unless
   * {@code overwrite} (then deletes them), or, with {@code resume}, requires it to exist.
   */
  public static RunDirectory open(String location, Configuration conf, boolean overwrite,
      boolean resume) throws IOException {
    Path dir = new Path(location);
    FileSystem fs = HadoopCheckpointStore.withoutChecksumFiles(dir.getFileSystem(conf));
    boolean exists = fs.exists(dir) && fs.listStatus(dir).length > 0;
    if (resume) {
      if (!exists) {
        throw new IllegalArgumentException("cannot resume: run directory " + location
            + " does not exist or is empty");
      }
    } else if (exists) {
      if (!overwrite) {
        throw new IllegalArgumentException("run directory " + location + " already exists;"
            + " use --overwrite to replace it, --resume to continue it, or set run.dir");
      }
      fs.delete(dir, true);
    }
    fs.mkdirs(dir);
    return new RunDirectory(fs.makeQualified(dir), fs, conf);
  }

  /** A subdirectory, created (e.g. one per strategy of a tune comparison). */
  public RunDirectory child(String name) throws IOException {
    Path sub = new Path(dir, name);
    fs.mkdirs(sub);
    return new RunDirectory(sub, fs, conf);
  }

  /** The full path of a file in the run directory. */
  public String path(String name) {
    return new Path(dir, name).toString();
  }

  public String location() {
    return dir.toString();
  }

  /** For local runs, the directory as a local path (used to show it to the user). */
  public String display() {
    return "file".equals(dir.toUri().getScheme()) ? dir.toUri().getPath() : dir.toString();
  }

  public OutputStream create(String name) throws IOException {
    return fs.create(new Path(dir, name), true);
  }

  public Writer writer(String name) throws IOException {
    return new OutputStreamWriter(create(name), StandardCharsets.UTF_8);
  }

  public InputStream open(String name) throws IOException {
    return fs.open(new Path(dir, name));
  }

  public boolean exists(String name) throws IOException {
    return fs.exists(new Path(dir, name));
  }

  public void writeText(String name, String text) throws IOException {
    try (Writer w = writer(name)) {
      w.write(text);
    }
  }

  public void writeBytes(String name, byte[] bytes) throws IOException {
    try (OutputStream out = create(name)) {
      out.write(bytes);
    }
  }

  public CheckpointStore checkpoints() throws IOException {
    return new HadoopCheckpointStore(path("checkpoints"), conf);
  }
}
