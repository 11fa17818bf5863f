package org.minibatch.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;
import scala.Tuple3;

/**
 * A fitted {@link NeuralNetClassifier}: the network and its weights. {@link #transform} adds
 * {@code rawPrediction} (the logits), {@code probability} (their softmax) and {@code prediction}
 * (the most probable class, or Spark's rule with {@code thresholds}); a column whose param is set
 * to "" is left out, as in MLlib. Rows go through the network in chunks, one pass per partition
 * ({@link BatchPredictor}), not one UDF call per row.
 *
 * <p>Saved and loaded with Spark ML persistence (also inside a {@code PipelineModel}); the
 * training summary is not saved.
 */
public class NeuralNetClassificationModel
    extends ProbabilisticClassificationModel<Vector, NeuralNetClassificationModel>
    implements MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final NetworkSpec spec;
  private final double[] weights;
  private transient NeuralNetTrainingSummary summary;
  private transient volatile ModelRuntime runtime;

  NeuralNetClassificationModel(String uid, NetworkSpec spec, double[] weights) {
    this(PendingUid.begin(uid), spec, weights);
  }

  private NeuralNetClassificationModel(PendingUid pending, NetworkSpec spec, double[] weights) {
    this.uid = pending.end();
    this.spec = spec;
    this.weights = weights;
  }

  /**
   * A model of a network trained outside an estimator (the command line's trainer, a
   * checkpoint); it needs a softmax output.
   */
  public static NeuralNetClassificationModel of(NetworkSpec spec, double[] weights) {
    if (spec.output() != OutputLayer.SOFTMAX || weights.length != spec.numParameters()) {
      throw new IllegalArgumentException("a classification model needs a softmax network and "
          + spec.numParameters() + " weights; got " + spec + " with " + weights.length);
    }
    return new NeuralNetClassificationModel(
        org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("nnClassifier"), spec,
        weights.clone());
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  NeuralNetClassificationModel withSummary(NeuralNetTrainingSummary value) {
    this.summary = value;
    return this;
  }

  /** The network, e.g. {@code 784-256-128-10 relu softmax cross_entropy}. */
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

  @Override
  public int numClasses() {
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

  /** Logits of one row; {@link #transform} does many rows at once. */
  @Override
  public Vector predictRaw(Vector features) {
    return Vectors.dense(runtime().outputs(features));
  }

  /** Made on first use (also after deserialization); a race makes a spare one, no harm. */
  private ModelRuntime runtime() {
    ModelRuntime r = runtime;
    return r != null ? r : (runtime = new ModelRuntime(spec, weights));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] values = ((DenseVector) rawPrediction).values();
    OutputLayer.SOFTMAX.applyInPlace(values, 0, values.length);
    return rawPrediction;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType output = transformSchema(dataset.schema(), true);
    if (isDefined(thresholds()) && getThresholds().length != numClasses()) {
      throw new IllegalArgumentException(uid + ": thresholds has " + getThresholds().length
          + " values, but the model has " + numClasses() + " classes");
    }
    List<StructField> added = new ArrayList<>();
    List<Integer> kinds = new ArrayList<>();
    for (StructField field : output.fields()) {
      String name = field.name();
      if (dataset.schema().getFieldIndex(name).isDefined()) {
        continue;
      }
      added.add(field);
      kinds.add(name.equals(getRawPredictionCol()) ? ClassColumns.RAW
          : name.equals(getProbabilityCol()) ? ClassColumns.PROBABILITY
          : ClassColumns.PREDICTION);
    }
    if (added.isEmpty()) {
      return dataset.toDF();
    }
    StructType schema = dataset.schema();
    for (StructField field : added) {
      schema = schema.add(field);
    }
    double[] cut = isDefined(thresholds()) ? getThresholds() : null;
    return BatchPredictor.transform(dataset, schema, getFeaturesCol(), spec,
        runtime().broadcast(dataset.sparkSession().sparkContext()),
        new ClassColumns(kinds.stream().mapToInt(Integer::intValue).toArray(), cut));
  }

  /** Spark's generic transform (one UDF call per row), kept to check and time against. */
  Dataset<Row> transformRowByRow(Dataset<?> dataset) {
    return super.transform(dataset);
  }

  // Java sees two findSummaryModel() methods whose Scala return types differ only in a
  // covariant type argument; the raw type satisfies both.
  @SuppressWarnings({"rawtypes", "unchecked"})
  @Override
  public Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public NeuralNetClassificationModel copy(ParamMap extra) {
    NeuralNetClassificationModel copy = new NeuralNetClassificationModel(uid, spec, weights);
    copyValues(copy, extra);
    copy.summary = summary;
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelIO.Writer(this, spec, weights, false);
  }

  public static MLReader<NeuralNetClassificationModel> read() {
    return new Reader();
  }

  public static NeuralNetClassificationModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "NeuralNetClassificationModel: uid=" + uid + ", network=" + spec;
  }

  private static final class Reader extends MLReader<NeuralNetClassificationModel> {
    @Override
    public NeuralNetClassificationModel load(String path) {
      ModelIO.Stored stored = ModelIO.load(path, sparkSession(),
          NeuralNetClassificationModel.class.getName());
      NeuralNetClassificationModel model = new NeuralNetClassificationModel(
          stored.metadata().uid(), stored.spec(), stored.weights());
      stored.metadata().getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }

  /** rawPrediction, probability and prediction from one row's logits. */
  private record ClassColumns(int[] kinds, double[] thresholds) implements BatchPredictor.Columns {
    static final int RAW = 0;
    static final int PROBABILITY = 1;
    static final int PREDICTION = 2;

    @Override
    public void fill(double[] logits, int off, int k, Object[] values, int at) {
      double[] raw = new double[k];
      System.arraycopy(logits, off, raw, 0, k);
      double[] p = raw.clone();
      OutputLayer.SOFTMAX.applyInPlace(p, 0, k);
      for (int i = 0; i < kinds.length; i++) {
        values[at + i] = switch (kinds[i]) {
          case RAW -> Vectors.dense(raw);
          case PROBABILITY -> Vectors.dense(p);
          default -> predict(p);
        };
      }
    }

    /** Spark's rule: the largest p_i / t_i, or the most probable class without thresholds. */
    private double predict(double[] p) {
      int best = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < p.length; i++) {
        double score = thresholds == null ? p[i] : p[i] / thresholds[i];
        if (score > max) {
          max = score;
          best = i;
        }
      }
      return best;
    }
  }
}
