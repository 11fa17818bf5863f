package org.minibatch.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * One saved training state and the config it belongs to, in a self-checking file: a magic
 * string, the format version, the payload length, a CRC-32 of the payload, then the payload (the
 * Java-serialized state). A truncated or corrupted file fails {@link #read} with a
 * {@link CorruptCheckpointException}, so the caller can fall back to an older checkpoint.
 *
 * @param signature what must match to resume: network, initializer, optimizer, schedule,
 *     batch size and seed ({@link #signature(TrainConfig)}); stop criteria may change
 */
public record Checkpoint(String signature, TrainingState state) implements Serializable {
  /** Bumped whenever the payload's classes change incompatibly. */
  public static final int FORMAT_VERSION = 1;
  private static final byte[] MAGIC =
      "MINIBATCH-CKPT\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** A checkpoint file that cannot be used. */
  public static final class CorruptCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptCheckpointException(String message) {
      super(message);
    }
  }

  /** The parts of a config that a resumed run must share with the one that was saved. */
  public static String signature(TrainConfig config) {
    return "network=" + config.network() + "; init=" + config.initializer() + "; optimizer="
        + config.optimizer() + "; schedule=" + config.schedule() + "; batch_size="
        + config.batchSize() + "; seed=" + config.seed() + "; precision="
        + config.precision().key();
  }

  /**
   * Writes the file without holding the payload in memory (a 10M-input network's state is
   * gigabytes): the state is serialized once to learn the payload's length and CRC for the
   * header, then again into {@code out}, and the second pass must give the same bytes.
   */
  public void write(OutputStream out) throws IOException {
    Digest first = new Digest(OutputStream.nullOutputStream());
    serialize(first);
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    data.write(MAGIC);
    data.writeInt(FORMAT_VERSION);
    data.writeLong(first.count);
    data.writeLong(first.crc.getValue());
    Digest second = new Digest(data);
    serialize(second);
    if (second.count != first.count || second.crc.getValue() != first.crc.getValue()) {
      throw new IOException("the training state changed while its checkpoint was written");
    }
    data.flush();
  }

  private void serialize(Digest out) throws IOException {
    ObjectOutputStream objects = new ObjectOutputStream(out);
    objects.writeObject(this);
    objects.flush();
  }

  /**
   * Reads and checks a checkpoint; {@code name} goes into error messages. The payload is
   * deserialized as it streams in and kept only if the whole of it then matches its CRC; an
   * array longer than the payload could hold is refused before it is allocated.
   */
  public static Checkpoint read(InputStream in, String name) throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptCheckpointException(name + " is not a minibatch checkpoint");
      }
      int version = data.readInt();
      if (version != FORMAT_VERSION) {
        throw new CorruptCheckpointException(name + " has checkpoint format " + version
            + "; this version of minibatch reads format " + FORMAT_VERSION);
      }
      long length = data.readLong();
      long expectedCrc = data.readLong();
      if (length < 0) {
        throw new CorruptCheckpointException(name + " announces an impossible length "
            + length);
      }
      Payload payload = new Payload(new BufferedInputStream(in, 1 << 16), length);
      Object read;
      Exception failure = null;
      try {
        ObjectInputStream objects = new ObjectInputStream(payload);
        objects.setObjectInputFilter(info -> info.arrayLength() > length
            ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED);
        read = objects.readObject();
      } catch (IOException | ClassNotFoundException | RuntimeException e) {
        read = null;
        failure = e;
      }
      payload.drain();
      if (payload.crc.getValue() != expectedCrc) {
        throw new CorruptCheckpointException(name + " fails its checksum (corrupted)");
      }
      if (!(read instanceof Checkpoint checkpoint)) {
        throw new CorruptCheckpointException(name + " holds an unknown object: "
            + (failure != null ? failure : read));
      }
      return checkpoint;
    } catch (EOFException e) {
      throw new CorruptCheckpointException(name + " is truncated");
    }
  }

  /** Counts and checksums what passes through to {@code out}, which it never closes. */
  private static final class Digest extends FilterOutputStream {
    final CRC32 crc = new CRC32();
    long count;

    Digest(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      crc.update(b);
      count++;
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      crc.update(b, off, len);
      count += len;
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  /** The payload's {@code length} bytes of {@code in}, checksummed as they are read. */
  private static final class Payload extends InputStream {
    final CRC32 crc = new CRC32();
    private final InputStream in;
    private long left;

    Payload(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      if (left == 0) {
        return -1;
      }
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      crc.update(b);
      left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException();
      }
      crc.update(b, off, n);
      left -= n;
      return n;
    }

    /** Reads what the deserializer left, to the payload's end; EOF if the file ends first. */
    void drain() throws IOException {
      byte[] buffer = new byte[1 << 16];
      while (read(buffer, 0, buffer.length) >= 0) {
        // checksummed by read
      }
    }
  }
}
