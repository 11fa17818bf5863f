package org.minibatch.ml;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
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
 *   <li>{@code data/}: one Parquet row: {@code format} (int), {@code network} (the spec string,
 *       which {@link NetworkSpec#parse} reads back), {@code weights} (a dense vector in the flat
 *       layout of {@link NetworkSpec}) and {@code vectorLabel} (whether predictions are vectors).
 * </ul>
 * Loading checks the format first and names both numbers when they differ, so a model written by
 * a version with another layout fails with a clear message instead of a Parquet schema error.
 */
final class ModelIO {
  /** Bump when the layout of {@code data/} or the meaning of a stored field changes. */
  static final int FORMAT_VERSION = 1;
  static final String FORMAT_KEY = "minibatchFormat";

  private static final StructType DATA_SCHEMA = new StructType()
      .add("format", DataTypes.IntegerType, false)
      .add("network", DataTypes.StringType, false)
      .add("weights", new VectorUDT(), false)
      .add("vectorLabel", DataTypes.BooleanType, false);

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
      Row row = RowFactory.create(FORMAT_VERSION, spec.toString(), Vectors.dense(weights),
          vectorLabel);
      sparkSession().createDataFrame(List.of(row), DATA_SCHEMA).repartition(1).write()
          .parquet(new Path(path, "data").toString());
    }
  }

  /** Reads what {@link Writer} wrote for a model of class {@code className}. */
  static Stored load(String path, SparkSession spark, String className) {
    DefaultParamsReader.Metadata metadata =
        DefaultParamsReader.loadMetadata(path, spark, className);
    Option<Object> format = ((JObject) metadata.metadata()).values().get(FORMAT_KEY);
    String simpleName = className.substring(className.lastIndexOf('.') + 1);
    if (format.isEmpty()) {
      throw new IllegalArgumentException("cannot load " + simpleName + " from " + path
          + ": its metadata has no " + FORMAT_KEY + " (not saved by minibatch?)");
    }
    int version = ((BigInt) format.get()).intValue();
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("cannot load " + simpleName + " from " + path
          + ": it was saved in minibatch model format " + version + " (Spark "
          + metadata.sparkVersion() + "), but this version of minibatch reads format "
          + FORMAT_VERSION + "; load it with the minibatch version that saved it and retrain"
          + " or re-save");
    }
    Row row = spark.read().parquet(new Path(path, "data").toString())
        .select("network", "weights", "vectorLabel").head();
    NetworkSpec spec = NetworkSpec.parse(row.getString(0));
    double[] weights = ((Vector) row.get(1)).toArray();
    if (weights.length != spec.numParameters()) {
      throw new IllegalArgumentException("cannot load " + simpleName + " from " + path + ": "
          + weights.length + " weights stored for network " + spec + ", which has "
          + spec.numParameters());
    }
    return new Stored(metadata, spec, weights, row.getBoolean(2));
  }
}
