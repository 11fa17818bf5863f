package org.minibatch.ml;

import java.util.NoSuchElementException;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.minibatch.nn.NetworkSpec;

/**
 * A fitted {@link NeuralNetRegressor}. {@link #transform} adds {@code predictionCol}: a double
 * for a model trained on a numeric label, a vector for one trained on a vector label. Rows go
 * through the network in chunks, one pass per partition ({@link BatchPredictor}).
 *
 * <p>Saved and loaded with Spark ML persistence (also inside a {@code PipelineModel}); the
 * training summary is not saved.
 */
public class NeuralNetRegressionModel
    extends RegressionModel<Vector, NeuralNetRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final NetworkSpec spec;
  private final double[] weights;
  private final boolean vectorLabel;
  private transient NeuralNetTrainingSummary summary;
  private transient volatile ModelRuntime runtime;

  NeuralNetRegressionModel(String uid, NetworkSpec spec, double[] weights,
      boolean vectorLabel) {
    this(PendingUid.begin(uid), spec, weights, vectorLabel);
  }

  private NeuralNetRegressionModel(PendingUid pending, NetworkSpec spec, double[] weights,
      boolean vectorLabel) {
    this.uid = pending.end();
    this.spec = spec;
    this.weights = weights;
    this.vectorLabel = vectorLabel;
  }

  /**
   * A model of a network trained outside an estimator (the command line's trainer, a
   * checkpoint); it needs an identity output. {@code vectorLabel}: predict vectors.
   */
  public static NeuralNetRegressionModel of(NetworkSpec spec, double[] weights,
      boolean vectorLabel) {
    if (spec.output() != org.minibatch.nn.OutputLayer.IDENTITY
        || weights.length != spec.numParameters()) {
      throw new IllegalArgumentException("a regression model needs an identity output and "
          + spec.numParameters() + " weights; got " + spec + " with " + weights.length);
    }
    return new NeuralNetRegressionModel(
        org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("nnRegressor"), spec,
        weights.clone(), vectorLabel);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  NeuralNetRegressionModel withSummary(NeuralNetTrainingSummary value) {
    this.summary = value;
    return this;
  }

  /** The network, e.g. {@code 5-64-64-1 tanh identity mse}. */
  public String network() {
    return spec.toString();
  }

  NetworkSpec spec() {
    return spec;
  }

  /** A copy of the weights, in the flat layout described by {@link NetworkSpec}. */
  public double[] weights() {
    return weights.clone();
  }

  /** Whether predictions are vectors (the model was fitted on a vector label). */
  public boolean predictsVectors() {
    return vectorLabel;
  }

  /** Number of targets predicted per row. */
  public int numTargets() {
    return spec.outputs();
  }

  @Override
  public int numFeatures() {
    return spec.inputs();
  }

  public boolean hasSummary() {
    return summary != null;
  }

  /** How fitting went; only on a model that was just fitted (not on a loaded one). */
  public NeuralNetTrainingSummary summary() {
    if (summary == null) {
      throw new NoSuchElementException("No training summary available for this "
          + getClass().getSimpleName() + " " + uid + ": summaries are not saved");
    }
    return summary;
  }

  /** All targets for one row; {@link #transform} does many rows at once. */
  public Vector predictVector(Vector features) {
    return Vectors.dense(runtime().outputs(features));
  }

  /** Made on first use (also after deserialization); a race makes a spare one, no harm. */
  private ModelRuntime runtime() {
    ModelRuntime r = runtime;
    return r != null ? r : (runtime = new ModelRuntime(spec, weights));
  }

  /** The prediction for one row of a single-target model. */
  @Override
  public double predict(Vector features) {
    if (spec.outputs() != 1) {
      throw new UnsupportedOperationException(uid + " predicts " + spec.outputs()
          + " targets; use predictVector");
    }
    return predictVector(features).apply(0);
  }

  /** The input schema plus a vector prediction column, after checking the features column. */
  static StructType vectorSchema(String who, StructType schema, String featuresCol,
      String predictionCol) {
    if (!(schema.apply(featuresCol).dataType() instanceof VectorUDT)) {
      throw new IllegalArgumentException(who + ": featuresCol '" + featuresCol + "' must be a"
          + " vector column, got " + schema.apply(featuresCol).dataType().simpleString());
    }
    if (predictionCol.isEmpty()) {
      return schema;
    }
    if (schema.getFieldIndex(predictionCol).isDefined()) {
      throw new IllegalArgumentException(who + ": column " + predictionCol
          + " already exists");
    }
    return schema.add(predictionCol, new VectorUDT(), false);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return vectorLabel ? vectorSchema(uid, schema, getFeaturesCol(), getPredictionCol())
        : super.transformSchema(schema);
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType output = transformSchema(dataset.schema(), true);
    if (getPredictionCol().isEmpty()) {
      return dataset.toDF();
    }
    boolean vectors = vectorLabel;
    return BatchPredictor.transform(dataset, output, getFeaturesCol(), spec,
        runtime().broadcast(dataset.sparkSession().sparkContext()),
        (logits, off, k, values, at) -> {
          if (vectors) {
            double[] y = new double[k];
            System.arraycopy(logits, off, y, 0, k);
            values[at] = Vectors.dense(y);
          } else {
            values[at] = logits[off];
          }
        });
  }

  /** Spark's generic transform (one UDF call per row), kept to check and time against. */
  Dataset<Row> transformRowByRow(Dataset<?> dataset) {
    return super.transform(dataset);
  }

  @Override
  public NeuralNetRegressionModel copy(ParamMap extra) {
    NeuralNetRegressionModel copy =
        new NeuralNetRegressionModel(uid, spec, weights, vectorLabel);
    copyValues(copy, extra);
    copy.summary = summary;
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelIO.Writer(this, spec, weights, vectorLabel);
  }

  public static MLReader<NeuralNetRegressionModel> read() {
    return new Reader();
  }

  public static NeuralNetRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "NeuralNetRegressionModel: uid=" + uid + ", network=" + spec;
  }

  private static final class Reader extends MLReader<NeuralNetRegressionModel> {
    @Override
    public NeuralNetRegressionModel load(String path) {
      ModelIO.Stored stored = ModelIO.load(path, sparkSession(),
          NeuralNetRegressionModel.class.getName());
      NeuralNetRegressionModel model = new NeuralNetRegressionModel(stored.metadata().uid(),
          stored.spec(), stored.weights(), stored.vectorLabel());
      stored.metadata().getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
