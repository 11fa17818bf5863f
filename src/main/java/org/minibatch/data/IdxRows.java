package org.minibatch.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * An IDX image file and its labels as {@link RowsByIndex}. The driver reads only the image
 * header and the label file (one byte a row) to size the network. In the tasks, the first task
 * of each JVM to need the files reads and decompresses them once, into their bytes as stored,
 * and every other task of that JVM shares that copy (softly held: memory pressure frees it, and
 * a later task then reads the files again). In {@code local[*]} that is one read of each file
 * per command, however many partitions.
 */
public final class IdxRows implements RowsByIndex {
  private static final long serialVersionUID = 1L;
  /** The files read in this JVM, by path, size and modification time. */
  private static final Map<String, SoftReference<Decoded>> LOADED = new ConcurrentHashMap<>();
  /** One lock per file pair: the first task reads, the others of the JVM wait for it. */
  private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

  private final String imagesPath;
  private final String labelsPath;
  private final String version;
  private final Broadcast<SerializableConfiguration> conf;
  private final int rows;
  private final int features;
  private final int classes;
  private final double scale;

  private IdxRows(String imagesPath, String labelsPath, String version,
      Broadcast<SerializableConfiguration> conf, int rows, int features, int classes,
      double scale) {
    this.imagesPath = imagesPath;
    this.labelsPath = labelsPath;
    this.version = version;
    this.conf = conf;
    this.rows = rows;
    this.features = features;
    this.classes = classes;
    this.scale = scale;
  }

  /** The pixels of one image file and its labels, as stored. */
  record Decoded(IdxReader.ImageBytes images, int[] labels) {}

  /** Opens {@code source} on the driver: the image header and the label file. */
  static IdxRows of(SparkSession spark, DataSource source) {
    DataReader.checkExists(spark, source.path());
    DataReader.checkExists(spark, source.labelsPath());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String images = source.path();
    String labelsPath = source.labelsPath();
    try {
      int count;
      int features;
      Path ip = new Path(images);
      try (InputStream in = ip.getFileSystem(hadoop).open(ip)) {
        IdxReader.Header header = IdxReader.readImageHeader(in, images);
        count = header.rows();
        features = header.features();
      }
      int[] labels = readLabels(labelsPath, hadoop);
      checkCounts(images, count, labelsPath, labels.length);
      int top = 0;
      for (int label : labels) {
        top = Math.max(top, label);
      }
      Broadcast<SerializableConfiguration> conf = JavaSparkContext.fromSparkContext(
          spark.sparkContext()).broadcast(new SerializableConfiguration(hadoop));
      return new IdxRows(images, labelsPath, version(images, labelsPath, hadoop), conf, count,
          features, Math.max(2, top + 1), 1.0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + images + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public IdxRows scaled(double factor) {
    return new IdxRows(imagesPath, labelsPath, version, conf, rows, features, classes,
        scale * factor);
  }

  @Override
  public Access open() throws IOException {
    Decoded d = load(imagesPath, labelsPath, version, conf.value().value());
    if (d.images().rows() != rows || d.images().features() != features) {
      throw new InvalidDataException(imagesPath + " changed while it was being read: "
          + d.images().rows() + " images of " + d.images().features() + " pixels, the driver"
          + " saw " + rows + " of " + features);
    }
    int f = d.images().features();
    double factor = scale;
    byte[] pixels = d.images().pixels();
    int[] labels = d.labels();
    return (index, x, targets) -> {
      int r = Math.toIntExact(index);
      int offset = r * f;
      for (int j = 0; j < f; j++) {
        // the same double product as Spark's ElementwiseProduct, so the blocks match its path
        x[j] = (pixels[offset + j] & 0xff) * factor;
      }
      targets[0] = labels[r];
    };
  }

  /** The files' bytes, read once per JVM while memory allows. */
  static Decoded load(String imagesPath, String labelsPath, String version, Configuration conf)
      throws IOException {
    String now = version(imagesPath, labelsPath, conf);
    if (!now.equals(version)) {
      throw new InvalidDataException(imagesPath + " or " + labelsPath + " changed after the job"
          + " started (size@modified " + version.trim() + ", now " + now.trim() + ")");
    }
    String key = imagesPath + "\n" + labelsPath + "\n" + version;
    synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
      SoftReference<Decoded> held = LOADED.get(key);
      Decoded d = held == null ? null : held.get();
      if (d == null) {
        Path ip = new Path(imagesPath);
        IdxReader.ImageBytes images;
        try (InputStream in = ip.getFileSystem(conf).open(ip)) {
          images = IdxReader.readImageBytes(in, imagesPath);
        }
        int[] labels = readLabels(labelsPath, conf);
        checkCounts(imagesPath, images.rows(), labelsPath, labels.length);
        d = new Decoded(images, labels);
        LOADED.put(key, new SoftReference<>(d));
      }
      return d;
    }
  }

  /** Size and modification time of both files: tasks check them, and a rewrite is a new entry. */
  static String version(String imagesPath, String labelsPath, Configuration conf)
      throws IOException {
    StringBuilder v = new StringBuilder();
    for (String path : new String[] {imagesPath, labelsPath}) {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      FileStatus status = fs.getFileStatus(p);
      v.append(status.getLen()).append('@').append(status.getModificationTime()).append(' ');
    }
    return v.toString();
  }

  private static int[] readLabels(String path, Configuration conf) throws IOException {
    Path p = new Path(path);
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      return IdxReader.readLabels(in, path);
    }
  }

  private static void checkCounts(String images, int imageCount, String labels,
      int labelCount) {
    if (labelCount != imageCount) {
      throw new InvalidDataException(labels + " holds " + labelCount + " labels but "
          + images + " holds " + imageCount + " images");
    }
  }
}
