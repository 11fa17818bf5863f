package org.minibatch.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.json4s.JBool$;
import org.json4s.JInt;
import org.json4s.JObject;
import org.json4s.JString;
import org.json4s.JValue;
import org.minibatch.nn.NetworkSpec;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.BigInt;

/**
 * Spark ML persistence of the models. Under the model's path:
 * <ul>
 *   <li>{@code metadata/}: Spark's {@link DefaultParamsWriter} JSON (class, uid, Spark version,
 *       params), plus {@code minibatchFormat} (the layout of {@code data/}), {@code network}
 *       (the spec string, which {@link NetworkSpec#parse} reads back) and {@code vectorLabel}
 *       (whether predictions are vectors);
 *   <li>{@code data/weights.bin}: the weights in the flat layout of {@link NetworkSpec}, 8 bytes
 *       each, big-endian IEEE 754 doubles ({@link java.io.DataOutputStream#writeDouble}).
 * </ul>
 * Both are written through the Hadoop file system, without a Spark job ({@link ParamsFiles}),
 * so any Hadoop path works and a save costs what writing the bytes costs.
 *
 * <p>Loading checks the format first and names both numbers when it cannot read it, so a model
 * written by a version with another layout fails with a clear message. Formats 1 and 2 (the
 * network, flag and weights as Parquet rows in {@code data/}: 1 all weights in one row, 2
 * {@value #WEIGHTS_PER_ROW} per row with a {@code chunk} number) still load.
 */
final class ModelIO {
  /** Bump when the layout of {@code data/} or the meaning of a stored field changes. */
  static final int FORMAT_VERSION = 3;
  /** The oldest format this version reads: 1 had all weights in one row. */
  static final int OLDEST_READABLE_FORMAT = 1;
  static final String FORMAT_KEY = "minibatchFormat";
  /** Weights per Parquet row in format 2. */
  static final int WEIGHTS_PER_ROW = 1 << 16;
  /** The weights' file under {@code data/} from format 3 on. */
  static final String WEIGHTS_FILE = "weights.bin";

  private ModelIO() {}

  /** What a saved model holds besides its params. */
  record Stored(DefaultParamsReader.Metadata metadata, NetworkSpec spec, double[] weights,
      boolean vectorLabel) {}

  /** Writes metadata and weights of a model. */
  static final class Writer extends MLWriter {
    private final Params model;
    private final NetworkSpec spec;
    private final double[] weights;
    private final boolean vectorLabel;

    Writer(Params model, NetworkSpec spec, double[] weights, boolean vectorLabel) {
      this.model = model;
      this.spec = spec;
      this.weights = weights;
      this.vectorLabel = vectorLabel;
    }

    @Override
    public void saveImpl(String path) {
      List<Tuple2<String, JValue>> fields = List.of(
          new Tuple2<>(FORMAT_KEY, new JInt(BigInt.apply(FORMAT_VERSION))),
          new Tuple2<>("network", new JString(spec.toString())),
          new Tuple2<>("vectorLabel",
              vectorLabel ? JBool$.MODULE$.True() : JBool$.MODULE$.False()));
      JObject extra = new JObject(CollectionConverters.asScala(fields).toList());
      ParamsFiles.writeMetadata(model, path, sparkSession(), Option.apply(extra),
          Option.empty());
      ParamsFiles.write(sparkSession(), new Path(new Path(path, "data"), WEIGHTS_FILE),
          out -> writeWeights(weights, out));
    }
  }

  /** Doubles written and read at a time: a 10M-input network's weights are gigabytes. */
  private static final int CHUNK = 8192;

  /** {@code weights} as big-endian doubles, streamed a chunk at a time. */
  static void writeWeights(double[] weights, java.io.OutputStream out) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK * Double.BYTES);
    for (int from = 0; from < weights.length; from += CHUNK) {
      int n = Math.min(CHUNK, weights.length - from);
      chunk.clear();
      chunk.asDoubleBuffer().put(weights, from, n);
      out.write(chunk.array(), 0, n * Double.BYTES);
    }
  }

  /** {@code count} big-endian doubles from {@code in}, a chunk at a time. */
  static double[] readWeights(java.io.DataInputStream in, int count) throws IOException {
    double[] weights = new double[count];
    byte[] chunk = new byte[CHUNK * Double.BYTES];
    for (int from = 0; from < count; from += CHUNK) {
      int n = Math.min(CHUNK, count - from);
      in.readFully(chunk, 0, n * Double.BYTES);
      ByteBuffer.wrap(chunk, 0, n * Double.BYTES).asDoubleBuffer().get(weights, from, n);
    }
    return weights;
  }

  /** Reads what {@link Writer} wrote for a model of class {@code className}. */
  static Stored load(String path, SparkSession spark, String className) {
    DefaultParamsReader.Metadata metadata =
        DefaultParamsReader.loadMetadata(path, spark, className);
    Option<Object> format = ((JObject) metadata.metadata()).values().get(FORMAT_KEY);
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    String source = "cannot load " + simpleName + " from " + path;
    if (format.isEmpty()) {
      throw new IllegalArgumentException(source + ": its metadata has no " + FORMAT_KEY
          + " (not saved by minibatch?)");
    }
    int version = ((BigInt) format.get()).intValue();
    if (version < OLDEST_READABLE_FORMAT || version > FORMAT_VERSION) {
      throw new IllegalArgumentException(source + ": it was saved in minibatch model format "
          + version + " (Spark " + metadata.sparkVersion() + "), but this version of minibatch"
          + " reads formats " + OLDEST_READABLE_FORMAT + " to " + FORMAT_VERSION + "; load it"
          + " with the minibatch version that saved it and retrain or re-save");
    }
    Stored stored = version >= 3 ? readWeightsFile(path, spark, metadata, source)
        : readParquet(path, spark, metadata, version, source);
    if (stored.weights().length != stored.spec().numParameters()) {
      throw new IllegalArgumentException(source + ": " + stored.weights().length
          + " weights stored for network " + stored.spec() + ", which has "
          + stored.spec().numParameters());
    }
    return stored;
  }

  /** Format 3: the network and flag in the metadata, the weights in {@code data/weights.bin}. */
  private static Stored readWeightsFile(String path, SparkSession spark,
      DefaultParamsReader.Metadata metadata, String source) {
    scala.collection.immutable.Map<String, Object> values =
        ((JObject) metadata.metadata()).values();
    Option<Object> network = values.get("network");
    Option<Object> vectorLabel = values.get("vectorLabel");
    if (network.isEmpty() || vectorLabel.isEmpty()) {
      throw new IllegalArgumentException(source + ": its metadata lacks "
          + (network.isEmpty() ? "network" : "vectorLabel"));
    }
    NetworkSpec spec = NetworkSpec.parse((String) network.get());
    Path file = new Path(new Path(path, "data"), WEIGHTS_FILE);
    double[] weights;
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long length = fs.getFileStatus(file).getLen();
      if (length != (long) spec.numParameters() * Double.BYTES) {
        throw new IllegalArgumentException(source + ": data/" + WEIGHTS_FILE + " has " + length
            + " bytes, but network " + spec + " needs " + spec.numParameters() + " weights of "
            + Double.BYTES + " bytes");
      }
      try (FSDataInputStream in = fs.open(file)) {
        weights = readWeights(in, spec.numParameters());
      }
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(source + ": data/" + WEIGHTS_FILE + " is missing", e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    }
    return new Stored(metadata, spec, weights, (Boolean) vectorLabel.get());
  }

  /** Formats 1 and 2: Parquet rows, all weights in one (1) or in chunks (2). */
  private static Stored readParquet(String path, SparkSession spark,
      DefaultParamsReader.Metadata metadata, int version, String source) {
    Dataset<Row> data = spark.read().parquet(new Path(path, "data").toString());
    List<Row> rows = (version == 1 ? data.select("network", "vectorLabel", "weights")
        : data.select("network", "vectorLabel", "weights", "chunk")).collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(source + ": its data/ holds no rows");
    }
    Row first = rows.get(0);
    NetworkSpec spec = NetworkSpec.parse(first.getString(0));
    double[] weights = version == 1 ? ((Vector) first.get(2)).toArray()
        : joinChunks(rows, spec, source);
    return new Stored(metadata, spec, weights, first.getBoolean(1));
  }

  /** The weights of rows (network, vectorLabel, weights, chunk): every chunk {@code spec} needs. */
  private static double[] joinChunks(List<Row> rows, NetworkSpec spec, String source) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingInt(r -> r.getInt(3)));
    int[] chunks = sorted.stream().mapToInt(r -> r.getInt(3)).toArray();
    int expected = (int) ((spec.numParameters() + (long) WEIGHTS_PER_ROW - 1) / WEIGHTS_PER_ROW);
    if (!Arrays.equals(chunks, IntStream.range(0, expected).toArray())) {
      throw new IllegalArgumentException(source + ": its data/ holds weight chunks "
          + Arrays.toString(chunks) + ", but network " + spec + " needs chunks 0 to "
          + (expected - 1) + ", once each");
    }
    return sorted.stream().flatMapToDouble(r -> Arrays.stream(((Vector) r.get(2)).toArray()))
        .toArray();
  }
}
