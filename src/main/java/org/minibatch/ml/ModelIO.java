package org.minibatch.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
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
 *       params), plus {@code minibatchFormat} (the layout of {@code data/}) and {@code network};
 *   <li>{@code data/}: Parquet rows of {@code format} (int), {@code network} (the spec string,
 *       which {@link NetworkSpec#parse} reads back), {@code vectorLabel} (whether predictions
 *       are vectors), {@code chunk} (int) and {@code weights} (a dense vector): the weights in
 *       the flat layout of {@link NetworkSpec}, {@value #WEIGHTS_PER_ROW} per row, row
 *       {@code chunk} holding those from {@code chunk * }{@value #WEIGHTS_PER_ROW} on.
 * </ul>
 * Why rows of chunks: Spark writes a data frame of local rows with the rows inside the tasks,
 * and warns of every task over 1000 KiB; the 235,146 weights of a 784-256-128-10 network in one
 * row made a 1884 KiB task and a warning at the end of every training run. Each chunk is written
 * by a task of its own (512 KiB of weights), as Spark's own {@code Word2VecModel} splits its data.
 *
 * <p>Loading checks the format first and names both numbers when it cannot read it, so a model
 * written by a version with another layout fails with a clear message instead of a Parquet
 * schema error. Format 1 (all weights in one row, no {@code chunk}) still loads.
 */
final class ModelIO {
  /** Bump when the layout of {@code data/} or the meaning of a stored field changes. */
  static final int FORMAT_VERSION = 2;
  /** The oldest format this version reads: 1 had all weights in one row. */
  static final int OLDEST_READABLE_FORMAT = 1;
  static final String FORMAT_KEY = "minibatchFormat";
  /** 512 KiB of float64 weights per row, so that no write task comes near 1000 KiB. */
  static final int WEIGHTS_PER_ROW = 1 << 16;

  private static final StructType DATA_SCHEMA = new StructType()
      .add("format", DataTypes.IntegerType, false)
      .add("network", DataTypes.StringType, false)
      .add("vectorLabel", DataTypes.BooleanType, false)
      .add("chunk", DataTypes.IntegerType, false)
      .add("weights", new VectorUDT(), false);

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
          new Tuple2<>("network", new JString(spec.toString())));
      JObject extra = new JObject(CollectionConverters.asScala(fields).toList());
      DefaultParamsWriter.saveMetadata(model, path, sparkSession(), Option.apply(extra));
      List<Row> rows = new ArrayList<>();
      for (int from = 0, chunk = 0; from < weights.length; from += WEIGHTS_PER_ROW, chunk++) {
        double[] part = Arrays.copyOfRange(weights, from,
            Math.min(weights.length, from + WEIGHTS_PER_ROW));
        rows.add(RowFactory.create(FORMAT_VERSION, spec.toString(), vectorLabel, chunk,
            Vectors.dense(part)));
      }
      JavaRDD<Row> oneRowPerTask = JavaSparkContext.fromSparkContext(sparkSession()
          .sparkContext()).parallelize(rows, rows.size());
      sparkSession().createDataFrame(oneRowPerTask, DATA_SCHEMA).write()
          .parquet(new Path(path, "data").toString());
    }
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
    // One read: format 1 is one row with all the weights, format 2 one row per chunk.
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
    if (weights.length != spec.numParameters()) {
      throw new IllegalArgumentException(source + ": " + weights.length
          + " weights stored for network " + spec + ", which has " + spec.numParameters());
    }
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
