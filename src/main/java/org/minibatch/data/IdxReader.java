package org.minibatch.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (gzipped or not, told apart by their first
 * bytes): {@code idx3-ubyte} images (magic 2051) and {@code idx1-ubyte} labels (magic 2049).
 * Spark-free, so the single-machine trainer and tests use it directly; the Spark reader wraps it.
 */
public final class IdxReader {
  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Images as rows of pixels in [0, 255]: rows x (height * width), row-major. */
  public record Images(int rows, int height, int width, float[] pixels) {
    public int features() {
      return height * width;
    }
  }

  /** Images as rows of unsigned bytes, as the file stores them: rows x (height * width). */
  public record ImageBytes(int rows, int height, int width, byte[] pixels) {
    public int features() {
      return height * width;
    }
  }

  /** Reads an image file; {@code name} (the path) goes into error messages. */
  public static Images readImages(InputStream raw, String name) throws IOException {
    ImageBytes bytes = readImageBytes(raw, name);
    float[] pixels = new float[bytes.pixels().length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = bytes.pixels()[i] & 0xff;
    }
    return new Images(bytes.rows(), bytes.height(), bytes.width(), pixels);
  }

  /** Reads an image file's pixels as stored, a quarter of the memory of {@link #readImages}. */
  public static ImageBytes readImageBytes(InputStream raw, String name) throws IOException {
    try (DataInputStream in = open(raw)) {
      Header header = imageHeader(in, name);
      int rows = header.rows();
      int height = header.height();
      int width = header.width();
      long size = (long) rows * height * width;
      if (size > Integer.MAX_VALUE - 8) {
        throw new IOException(name + ": " + rows + " images of " + height + "x" + width
            + " do not fit one array; split the file");
      }
      byte[] bytes = new byte[(int) size];
      readFully(in, bytes, name, rows + " images of " + height + "x" + width + " pixels");
      return new ImageBytes(rows, height, width, bytes);
    }
  }

  /** What an image file's header announces. */
  public record Header(int rows, int height, int width) {
    public int features() {
      return height * width;
    }
  }

  /** The header of an image file (reads nothing more). */
  public static Header readImageHeader(InputStream raw, String name) throws IOException {
    try (DataInputStream in = open(raw)) {
      return imageHeader(in, name);
    }
  }

  /** Reads a label file: one unsigned byte per row. */
  public static int[] readLabels(InputStream raw, String name) throws IOException {
    try (DataInputStream in = open(raw)) {
      int magic = header(in, name);
      if (magic != LABELS_MAGIC) {
        throw new IOException(name + ": not an IDX label file (magic " + magic + ", expected "
            + LABELS_MAGIC + (magic == IMAGES_MAGIC ? ", this is an image file)" : ")"));
      }
      int rows = dimension(in, name, "label count");
      byte[] bytes = new byte[rows];
      readFully(in, bytes, name, rows + " labels");
      int[] labels = new int[rows];
      for (int i = 0; i < rows; i++) {
        labels[i] = bytes[i] & 0xff;
      }
      return labels;
    }
  }

  private static DataInputStream open(InputStream raw) throws IOException {
    PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(raw, 1 << 16), 2);
    byte[] head = new byte[2];
    int n = in.readNBytes(head, 0, 2);
    in.unread(head, 0, n);
    boolean gzip = n == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16))
        : in);
  }

  private static Header imageHeader(DataInputStream in, String name) throws IOException {
    int magic = header(in, name);
    if (magic != IMAGES_MAGIC) {
      throw new IOException(name + ": not an IDX image file (magic " + magic + ", expected "
          + IMAGES_MAGIC + (magic == LABELS_MAGIC ? ", this is a label file)" : ")"));
    }
    return new Header(dimension(in, name, "image count"), dimension(in, name, "height"),
        dimension(in, name, "width"));
  }

  private static int header(DataInputStream in, String name) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IOException(name + ": empty or truncated IDX header", e);
    }
  }

  private static int dimension(DataInputStream in, String name, String what) throws IOException {
    int value;
    try {
      value = in.readInt();
    } catch (EOFException e) {
      throw new IOException(name + ": truncated IDX header (no " + what + ")", e);
    }
    if (value < 0) {
      throw new IOException(name + ": negative " + what + " " + value + " in the IDX header");
    }
    return value;
  }

  private static void readFully(DataInputStream in, byte[] bytes, String name, String what)
      throws IOException {
    int read = in.readNBytes(bytes, 0, bytes.length);
    if (read < bytes.length) {
      throw new IOException(name + ": truncated: the header announces " + what + " but the file"
          + " ends after " + read + " of " + bytes.length + " data bytes");
    }
  }
}
