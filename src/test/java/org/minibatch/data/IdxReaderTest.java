package org.minibatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class IdxReaderTest {

  static byte[] images(int rows, int h, int w, int dataBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(IdxReader.IMAGES_MAGIC);
    out.writeInt(rows);
    out.writeInt(h);
    out.writeInt(w);
    for (int i = 0; i < dataBytes; i++) {
      out.writeByte(i * 7);
    }
    return bytes.toByteArray();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  @Test
  void readsPlainAndGzippedImagesAlike() throws IOException {
    byte[] raw = images(2, 2, 3, 12);
    IdxReader.Images plain = IdxReader.readImages(new ByteArrayInputStream(raw), "a");
    IdxReader.Images zipped = IdxReader.readImages(new ByteArrayInputStream(gzip(raw)), "a.gz");
    assertEquals(2, plain.rows());
    assertEquals(6, plain.features());
    assertArrayEquals(plain.pixels(), zipped.pixels());
    assertEquals(7f * 11 % 256, plain.pixels()[11]);
  }

  @Test
  void readsLabels() throws IOException {
    byte[] raw = {0, 0, 8, 1, 0, 0, 0, 3, 9, 0, (byte) 200};
    assertArrayEquals(new int[] {9, 0, 200},
        IdxReader.readLabels(new ByteArrayInputStream(raw), "labels"));
  }

  @Test
  void truncatedFilesNameTheFileAndWhatIsMissing() throws IOException {
    byte[] raw = images(2, 2, 3, 7);
    IOException e = assertThrows(IOException.class,
        () -> IdxReader.readImages(new ByteArrayInputStream(raw), "train.idx"));
    assertEquals("train.idx: truncated: the header announces 2 images of 2x3 pixels but the file"
        + " ends after 7 of 12 data bytes", e.getMessage());
    IOException header = assertThrows(IOException.class,
        () -> IdxReader.readImages(new ByteArrayInputStream(new byte[] {0, 0, 8, 3, 0}), "x"));
    assertEquals("x: truncated IDX header (no image count)", header.getMessage());
  }

  @Test
  void aLabelFileIsNotAnImageFile() {
    byte[] raw = {0, 0, 8, 1, 0, 0, 0, 0};
    IOException e = assertThrows(IOException.class,
        () -> IdxReader.readImages(new ByteArrayInputStream(raw), "labels.idx"));
    assertEquals("labels.idx: not an IDX image file (magic 2049, expected 2051, this is a label"
        + " file)", e.getMessage());
  }
}
