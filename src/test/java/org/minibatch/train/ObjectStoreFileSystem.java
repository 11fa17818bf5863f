package org.minibatch.train;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A Hadoop file system with an object store's semantics over a local directory, scheme
 * {@code objstore}: no rename (S3A's copies and deletes, so nothing may rely on it being atomic),
 * and a new object appears only when its stream closes, complete; until then readers see the
 * old object or none.
 */
public final class ObjectStoreFileSystem extends RawLocalFileSystem {
  @Override
  public URI getUri() {
    return URI.create("objstore:///");
  }

  @Override
  public boolean rename(Path src, Path dst) {
    throw new UnsupportedOperationException("objstore has no atomic rename: " + src + " -> "
        + dst);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite,
      int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    return create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    java.nio.file.Path target = pathToFile(f).toPath();
    if (!overwrite && Files.exists(target)) {
      throw new IOException(f + " exists");
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    return new FSDataOutputStream(new OutputStream() {
      @Override
      public void write(int b) {
        buffer.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        Files.createDirectories(target.getParent());
        Files.write(target, buffer.toByteArray());
      }
    }, statistics);
  }
}
