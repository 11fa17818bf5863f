package org.minibatch.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minibatch.nn.DataBlock;

/**
 * Where Fashion-MNIST lives and how to load it for the single-machine trainer. Debian's
 * {@code dataset-fashion-mnist} package installs the four gzipped IDX files in
 * {@link #DEBIAN_DIR}.
 */
public final class FashionMnist {
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  public static final String HOW_TO_GET = "Fashion-MNIST not found in " + DEBIAN_DIR
      + ": install it with 'sudo apt-get install dataset-fashion-mnist' (Debian/Ubuntu), or "
      + "download the four files from https://github.com/zalandoresearch/fashion-mnist "
      + "(data/fashion) and set data.train and data.test to their paths";

  private FashionMnist() {}

  /** Whether the Debian package's files are present. */
  public static boolean available() {
    return Files.isReadable(DEBIAN_DIR.resolve(TRAIN_IMAGES))
        && Files.isReadable(DEBIAN_DIR.resolve(TEST_LABELS));
  }

  /** Training set, 60,000 rows, pixels divided by 255. */
  public static DataBlock train() throws IOException {
    return load(DEBIAN_DIR.resolve(TRAIN_IMAGES), DEBIAN_DIR.resolve(TRAIN_LABELS));
  }

  /** Test set, 10,000 rows, pixels divided by 255. */
  public static DataBlock test() throws IOException {
    return load(DEBIAN_DIR.resolve(TEST_IMAGES), DEBIAN_DIR.resolve(TEST_LABELS));
  }

  /** An images file and its labels as one block, pixels divided by 255, target = class. */
  public static DataBlock load(Path images, Path labels) throws IOException {
    if (!Files.isReadable(images)) {
      throw new IOException(DEBIAN_DIR.equals(images.getParent()) ? HOW_TO_GET
          : images + ": file not found or not readable");
    }
    IdxReader.Images img;
    int[] classes;
    try (InputStream in = Files.newInputStream(images)) {
      img = IdxReader.readImages(in, images.toString());
    }
    try (InputStream in = Files.newInputStream(labels)) {
      classes = IdxReader.readLabels(in, labels.toString());
    }
    if (classes.length != img.rows()) {
      throw new IOException(labels + " holds " + classes.length + " labels but " + images
          + " holds " + img.rows() + " images");
    }
    float[] pixels = img.pixels();
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] /= 255f;
    }
    float[] targets = new float[classes.length];
    for (int i = 0; i < classes.length; i++) {
      targets[i] = classes[i];
    }
    return new DataBlock(pixels, targets, img.rows(), img.features(), 1);
  }
}
