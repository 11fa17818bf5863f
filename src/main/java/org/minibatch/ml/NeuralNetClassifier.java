package org.minibatch.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * A feed-forward neural network classifier trained with distributed mini-batch gradient descent:
 * Spark ML's {@code ProbabilisticClassifier}, so it fits into a {@code Pipeline}, a
 * {@code CrossValidator} or a {@code TrainValidationSplit} like MLlib's
 * {@code MultilayerPerceptronClassifier}, but with any optimizer, schedule and stop criterion of
 * this project (see {@link NeuralNetParams}).
 *
 * <pre>
 *   NeuralNetClassifier nn = new NeuralNetClassifier()
 *       .setHiddenLayers(256, 128).setOptimizer("adam(lr=0.001)").setBatchSize(256)
 *       .setMaxEpochs(5).setValidationFraction(0.1);
 *   NeuralNetClassificationModel model = nn.fit(train);
 *   model.transform(test).select("prediction", "probability");
 * </pre>
 *
 * <p>Unlike MLlib's {@code layers}, only the hidden layers are given: the input size comes from
 * the features vectors and the number of classes from the label column's metadata (as written by
 * {@code StringIndexer}) or its largest value + 1. Labels must be class indices 0..k-1 stored as
 * doubles; any other value fails {@code fit} with a message naming it (and its row). The output
 * is a softmax over k >= 2 classes trained with cross-entropy; {@code rawPrediction} holds the
 * logits.
 */
public class NeuralNetClassifier
    extends ProbabilisticClassifier<Vector, NeuralNetClassifier, NeuralNetClassificationModel>
    implements NeuralNetParams<NeuralNetClassifier>, MLWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final TrainingParams trainingParams;
  private transient InitialModel initialModel;

  public NeuralNetClassifier() {
    this(Identifiable$.MODULE$.randomUID("nnClassifier"));
  }

  /** With a given uid; Spark's {@code defaultCopy} and persistence call this one. */
  public NeuralNetClassifier(String uid) {
    this(PendingUid.begin(uid));
  }

  private NeuralNetClassifier(PendingUid pending) {
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

  /**
   * Starts the next fit from {@code model}: its weights become {@code initialWeights} (the
   * network the data gives must have the same shape, or fit fails naming both). When the model
   * was fitted in this JVM with the same settings (network, initializer, optimizer, schedule,
   * batch size, seed, precision), the fit continues its run instead of starting over: the
   * optimizer's state, the schedule and the order of the data go on, and {@code maxEpochs}
   * counts the model's epochs too, so a 2-epoch model fitted to {@code maxEpochs = 3} has the
   * weights of one 3-epoch fit on the same data. Otherwise (a loaded model, other settings)
   * only the weights carry over. Not saved with the estimator, and not kept by {@code copy};
   * the weights are, as a param.
   */
  public NeuralNetClassifier setInitialModel(NeuralNetClassificationModel model) {
    initialModel = InitialModel.of(model.spec(), model.weights(),
        model.hasSummary() ? model.summary() : null);
    return setInitialWeights(Vectors.dense(model.weights()));
  }

  @Override
  public java.util.Optional<InitialModel> initialModel() {
    return java.util.Optional.ofNullable(initialModel);
  }

  @Override
  public NeuralNetClassificationModel train(Dataset<?> dataset) {
    Fitting.Fitted fitted = Fitting.fit(this, dataset, getFeaturesCol(), getLabelCol(), true);
    NeuralNetClassificationModel model = new NeuralNetClassificationModel(uid(), fitted.spec(),
        fitted.result().params());
    return model.withSummary(fitted.summary());
  }

  @Override
  public NeuralNetClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new DefaultParamsWriter(this);
  }

  public static MLReader<NeuralNetClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static NeuralNetClassifier load(String path) {
    return read().load(path);
  }
}
