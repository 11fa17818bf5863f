package org.minibatch.ml;

import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params that {@link NeuralNetClassifier} and {@link NeuralNetRegressor} share, with
 * getters and fluent setters; {@code T} is the estimator type the setters return. Every param is a
 * regular Spark {@link Param} (found by reflection, settable from a {@code ParamMap} or
 * {@code ParamGridBuilder}, saved by Spark ML persistence); the objects live in
 * {@link TrainingParams}.
 *
 * <p>{@code optimizer} and {@code schedule} are spec strings ({@code adam(lr=0.001)},
 * {@code cosine(steps=1000)}), checked by parsing when set. {@code learningRate} has no
 * default, {@code weightDecay} and {@code clipNorm} default to 0 (not set): when set they
 * replace {@code lr}, {@code weight_decay} and {@code clip_norm} inside the optimizer spec, so a
 * grid can vary optimizer names and rates independently.
 */
@SuppressWarnings("unchecked")
public interface NeuralNetParams<T extends NeuralNetParams<T>> extends Params {

  /** The param objects of this estimator (an implementation detail of the accessors below). */
  TrainingParams trainingParams();

  default IntArrayParam hiddenLayers() {
    return trainingParams().hiddenLayers;
  }

  default int[] getHiddenLayers() {
    return getOrDefault(hiddenLayers());
  }

  default T setHiddenLayers(int... value) {
    return (T) set(hiddenLayers(), value);
  }

  default Param<String> activation() {
    return trainingParams().activation;
  }

  default String getActivation() {
    return getOrDefault(activation());
  }

  default T setActivation(String value) {
    return (T) set(activation(), value);
  }

  default Param<String> initializer() {
    return trainingParams().initializer;
  }

  default String getInitializer() {
    return getOrDefault(initializer());
  }

  default T setInitializer(String value) {
    return (T) set(initializer(), value);
  }

  default Param<String> optimizer() {
    return trainingParams().optimizer;
  }

  default String getOptimizer() {
    return getOrDefault(optimizer());
  }

  default T setOptimizer(String value) {
    return (T) set(optimizer(), value);
  }

  default DoubleParam learningRate() {
    return trainingParams().learningRate;
  }

  default double getLearningRate() {
    return (Double) getOrDefault(learningRate());
  }

  default T setLearningRate(double value) {
    return (T) set(learningRate(), (Object) value);
  }

  default DoubleParam weightDecay() {
    return trainingParams().weightDecay;
  }

  default double getWeightDecay() {
    return (Double) getOrDefault(weightDecay());
  }

  default T setWeightDecay(double value) {
    return (T) set(weightDecay(), (Object) value);
  }

  default DoubleParam clipNorm() {
    return trainingParams().clipNorm;
  }

  default double getClipNorm() {
    return (Double) getOrDefault(clipNorm());
  }

  default T setClipNorm(double value) {
    return (T) set(clipNorm(), (Object) value);
  }

  default Param<String> schedule() {
    return trainingParams().schedule;
  }

  default String getSchedule() {
    return getOrDefault(schedule());
  }

  default T setSchedule(String value) {
    return (T) set(schedule(), value);
  }

  default IntParam batchSize() {
    return trainingParams().batchSize;
  }

  default int getBatchSize() {
    return (Integer) getOrDefault(batchSize());
  }

  default T setBatchSize(int value) {
    return (T) set(batchSize(), (Object) value);
  }

  default IntParam maxEpochs() {
    return trainingParams().maxEpochs;
  }

  default int getMaxEpochs() {
    return (Integer) getOrDefault(maxEpochs());
  }

  default T setMaxEpochs(int value) {
    return (T) set(maxEpochs(), (Object) value);
  }

  default LongParam maxSteps() {
    return trainingParams().maxSteps;
  }

  default long getMaxSteps() {
    return (Long) getOrDefault(maxSteps());
  }

  default T setMaxSteps(long value) {
    return (T) set(maxSteps(), (Object) value);
  }

  default DoubleParam timeLimitSeconds() {
    return trainingParams().timeLimitSeconds;
  }

  default double getTimeLimitSeconds() {
    return (Double) getOrDefault(timeLimitSeconds());
  }

  default T setTimeLimitSeconds(double value) {
    return (T) set(timeLimitSeconds(), (Object) value);
  }

  default DoubleParam lossBelow() {
    return trainingParams().lossBelow;
  }

  default double getLossBelow() {
    return (Double) getOrDefault(lossBelow());
  }

  default T setLossBelow(double value) {
    return (T) set(lossBelow(), (Object) value);
  }

  default DoubleParam lossRatio() {
    return trainingParams().lossRatio;
  }

  default double getLossRatio() {
    return (Double) getOrDefault(lossRatio());
  }

  default T setLossRatio(double value) {
    return (T) set(lossRatio(), (Object) value);
  }

  default DoubleParam gradNormRatio() {
    return trainingParams().gradNormRatio;
  }

  default double getGradNormRatio() {
    return (Double) getOrDefault(gradNormRatio());
  }

  default T setGradNormRatio(double value) {
    return (T) set(gradNormRatio(), (Object) value);
  }

  default DoubleParam validationFraction() {
    return trainingParams().validationFraction;
  }

  default double getValidationFraction() {
    return (Double) getOrDefault(validationFraction());
  }

  default T setValidationFraction(double value) {
    return (T) set(validationFraction(), (Object) value);
  }

  default IntParam patience() {
    return trainingParams().patience;
  }

  default int getPatience() {
    return (Integer) getOrDefault(patience());
  }

  default T setPatience(int value) {
    return (T) set(patience(), (Object) value);
  }

  default Param<String> earlyStoppingMetric() {
    return trainingParams().earlyStoppingMetric;
  }

  default String getEarlyStoppingMetric() {
    return getOrDefault(earlyStoppingMetric());
  }

  default T setEarlyStoppingMetric(String value) {
    return (T) set(earlyStoppingMetric(), value);
  }

  default LongParam seed() {
    return trainingParams().seed;
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default T setSeed(long value) {
    return (T) set(seed(), (Object) value);
  }

  default IntParam numPartitions() {
    return trainingParams().numPartitions;
  }

  default int getNumPartitions() {
    return (Integer) getOrDefault(numPartitions());
  }

  default T setNumPartitions(int value) {
    return (T) set(numPartitions(), (Object) value);
  }

  default Param<String> precision() {
    return trainingParams().precision;
  }

  default String getPrecision() {
    return getOrDefault(precision());
  }

  default T setPrecision(String value) {
    return (T) set(precision(), value);
  }

  default Param<String> sparse() {
    return trainingParams().sparse;
  }

  default String getSparse() {
    return getOrDefault(sparse());
  }

  /** {@code "auto"} (the default), {@code "true"} (CSR rows) or {@code "false"} (dense). */
  default T setSparse(String value) {
    return (T) set(sparse(), value);
  }

  default Param<Vector> initialWeights() {
    return trainingParams().initialWeights;
  }

  default Vector getInitialWeights() {
    return getOrDefault(initialWeights());
  }

  default T setInitialWeights(Vector value) {
    return (T) set(initialWeights(), value);
  }

  default Param<String> weightCol() {
    return trainingParams().weightCol;
  }

  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  default T setWeightCol(String value) {
    return (T) set(weightCol(), value);
  }

  /** The weight column if one is set and not empty. */
  default Optional<String> weightColumn() {
    return isDefined(weightCol()) && !getWeightCol().isEmpty() ? Optional.of(getWeightCol())
        : Optional.empty();
  }

  /**
   * The run a warm start continues: set by {@code setInitialModel} from a model fitted in this
   * JVM, and used only while {@code initialWeights} are still that model's weights; empty
   * otherwise (a copy of the estimator, a loaded one, or weights set directly).
   */
  Optional<InitialModel> initialModel();
}
