package org.minibatch.train;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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

  public void write(OutputStream out) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
      objects.writeObject(this);
    }
    byte[] payload = bytes.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(payload);
    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    data.writeInt(FORMAT_VERSION);
    data.writeLong(payload.length);
    data.writeLong(crc.getValue());
    data.write(payload);
    data.flush();
  }

  /** Reads and checks a checkpoint; {@code name} goes into error messages. */
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
      if (length < 0 || length > Integer.MAX_VALUE - 8) {
        throw new CorruptCheckpointException(name + " announces an impossible length "
            + length);
      }
      byte[] payload = new byte[(int) length];
      data.readFully(payload);
      CRC32 crc = new CRC32();
      crc.update(payload);
      if (crc.getValue() != expectedCrc) {
        throw new CorruptCheckpointException(name + " fails its checksum (corrupted)");
      }
      try (ObjectInputStream objects = new ObjectInputStream(
          new java.io.ByteArrayInputStream(payload))) {
        return (Checkpoint) objects.readObject();
      } catch (ClassNotFoundException | ClassCastException e) {
        throw new CorruptCheckpointException(name + " holds an unknown object: " + e);
      }
    } catch (EOFException e) {
      throw new CorruptCheckpointException(name + " is truncated");
    }
  }
}
