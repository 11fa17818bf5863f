package org.minibatch.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A feed-forward neural network regressor trained with distributed mini-batch gradient descent
 * (identity output, mean squared error), with the params of {@link NeuralNetParams}.
 *
 * <p>The label is either a numeric column (one target; the model predicts a double column) or a
 * vector column (several targets; the model predicts a vector column of the same size). Spark's
 * {@code Predictor} only knows numeric labels, so for a vector label {@link #fit} and
 * {@link #transformSchema} check the columns themselves instead of casting the label to double.
 * Spark's {@code RegressionEvaluator} rejects vector columns; {@link MultiTargetRegressionEvaluator}
 * evaluates such a model per target or averaged over the targets.
 */
public class NeuralNetRegressor
    extends Regressor<Vector, NeuralNetRegressor, NeuralNetRegressionModel>
    implements NeuralNetParams<NeuralNetRegressor>, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final TrainingParams trainingParams;
  private transient InitialModel initialModel;

  public NeuralNetRegressor() {
    this(Identifiable$.MODULE$.randomUID("nnRegressor"));
  }

  /** With a given uid; Spark's {@code defaultCopy} and persistence call this one. */
  public NeuralNetRegressor(String uid) {
    this(PendingUid.begin(uid));
  }

  private NeuralNetRegressor(PendingUid pending) {
    this.uid = pending.end();
    this.trainingParams = new TrainingParams(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.current();
  }

  @Override
  public TrainingParams trainingParams() {
    return trainingParams;
  }

  /** As {@link NeuralNetClassifier#setInitialModel}, from a fitted regression model. */
  public NeuralNetRegressor setInitialModel(NeuralNetRegressionModel model) {
    initialModel = InitialModel.of(model.spec(), model.weights(),
        model.hasSummary() ? model.summary() : null);
    return setInitialWeights(Vectors.dense(model.weights()));
  }

  @Override
  public java.util.Optional<InitialModel> initialModel() {
    return java.util.Optional.ofNullable(initialModel);
  }

  private boolean vectorLabel(StructType schema) {
    return schema.getFieldIndex(getLabelCol()).isDefined()
        && schema.apply(getLabelCol()).dataType() instanceof VectorUDT;
  }

  @Override
  public NeuralNetRegressionModel fit(Dataset<?> dataset) {
    if (!vectorLabel(dataset.schema())) {
      return super.fit(dataset);
    }
    transformSchema(dataset.schema(), true);
    return copyValues(train(dataset).setParent(this), ParamMap.empty());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    if (!vectorLabel(schema)) {
      return super.transformSchema(schema);
    }
    return NeuralNetRegressionModel.vectorSchema(uid(), schema, getFeaturesCol(),
        getPredictionCol());
  }

  @Override
  public NeuralNetRegressionModel train(Dataset<?> dataset) {
    Fitting.Fitted fitted = Fitting.fit(this, dataset, getFeaturesCol(), getLabelCol(), false);
    NeuralNetRegressionModel model = new NeuralNetRegressionModel(uid(), fitted.spec(),
        fitted.result().params(), fitted.vectorLabel());
    return model.withSummary(fitted.summary());
  }

  @Override
  public NeuralNetRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  public static MLReader<NeuralNetRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static NeuralNetRegressor load(String path) {
    return read().load(path);
  }
}
