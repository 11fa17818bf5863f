package org.minibatch.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.minibatch.train.CheckpointStore;

/**
 * Checkpoints in a directory of any Hadoop file system (local, HDFS, S3 through s3a): create,
 * open, list and delete only, no rename, which object stores do not do atomically.
 */
public final class HadoopCheckpointStore implements CheckpointStore {
  private final FileSystem fs;
  private final Path dir;

  public HadoopCheckpointStore(String dir, Configuration conf) throws IOException {
    this.dir = new Path(dir);
    this.fs = withoutChecksumFiles(this.dir.getFileSystem(conf));
  }

  /**
   * The raw local file system for local paths: Hadoop's default one writes a {@code .crc} file
   * beside every file, which only clutters a run directory (checkpoints carry their own CRC).
   */
  public static FileSystem withoutChecksumFiles(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  @Override
  public List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    if (fs.exists(dir)) {
      for (FileStatus status : fs.listStatus(dir)) {
        names.add(status.getPath().getName());
      }
    }
    names.sort(null);
    return names;
  }

  @Override
  public OutputStream create(String name) throws IOException {
    fs.mkdirs(dir);
    return fs.create(new Path(dir, name), true);
  }

  @Override
  public InputStream open(String name) throws IOException {
    return fs.open(new Path(dir, name));
  }

  @Override
  public void delete(String name) throws IOException {
    fs.delete(new Path(dir, name), false);
  }

  @Override
  public String describe(String name) {
    return new Path(dir, name).toString();
  }
}
