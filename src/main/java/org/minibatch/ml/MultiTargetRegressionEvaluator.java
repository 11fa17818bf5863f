package org.minibatch.ml;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.storage.StorageLevel;

/**
 * Spark's {@link RegressionEvaluator} for a {@link NeuralNetRegressor} fitted on a vector label,
 * whose predictions are vectors too (Spark's regressors accept numeric labels only, and
 * {@code RegressionEvaluator} rejects a vector column).
 *
 * <p>The metric of target {@code k} is exactly {@code RegressionEvaluator}'s on the columns
 * {@code label[k]} and {@code prediction[k]}; with {@code target = -1} (the default) it is the
 * mean of the per-target metrics, what scikit-learn calls {@code multioutput='uniform_average'}.
 * A numeric label with a double prediction is one target, so the same evaluator serves both kinds
 * of regressor in a {@code CrossValidator}. Label and prediction vectors must have one size in
 * every row; otherwise evaluation fails naming the sizes found. {@code weightCol} weights the
 * rows as it does in {@code RegressionEvaluator}.
 */
public final class MultiTargetRegressionEvaluator extends Evaluator
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final List<String> METRICS = List.of("rmse", "mse", "r2", "mae", "var");

  private final String uid;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> metricName;
  private final IntParam target;
  private final Param<String> weightCol;

  public MultiTargetRegressionEvaluator() {
    this(Identifiable.randomUID("multiTargetRegEval"));
  }

  public MultiTargetRegressionEvaluator(String uid) {
    this.uid = uid;
    labelCol = new Param<>(this, "labelCol", "label column name (numeric or vector)");
    predictionCol = new Param<>(this, "predictionCol",
        "prediction column name (numeric or vector, as the label)");
    metricName = new Param<>(this, "metricName",
        "metric of each target, as RegressionEvaluator's: " + String.join("|", METRICS),
        Validators.<String>of(uid, "metricName", v -> {
          if (!METRICS.contains(v)) {
            throw new IllegalArgumentException("must be one of " + String.join(", ", METRICS));
          }
        }));
    target = new IntParam(this, "target",
        "index of the target to evaluate, or -1 for the mean over all targets",
        Validators.gtEq(uid, "target", -1));
    weightCol = new Param<>(this, "weightCol", "numeric column of row weights, as"
        + " RegressionEvaluator's (unset or empty: every row counts once)");
    setDefault(labelCol, "label");
    setDefault(predictionCol, "prediction");
    setDefault(metricName, "rmse");
    setDefault(target, -1);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> metricName() {
    return metricName;
  }

  public IntParam target() {
    return target;
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public String getWeightCol() {
    return getOrDefault(weightCol);
  }

  public MultiTargetRegressionEvaluator setWeightCol(String value) {
    return (MultiTargetRegressionEvaluator) set(weightCol, value);
  }

  public String getLabelCol() {
    return getOrDefault(labelCol);
  }

  public String getPredictionCol() {
    return getOrDefault(predictionCol);
  }

  public String getMetricName() {
    return getOrDefault(metricName);
  }

  public int getTarget() {
    return (Integer) getOrDefault(target);
  }

  public MultiTargetRegressionEvaluator setLabelCol(String value) {
    return (MultiTargetRegressionEvaluator) set(labelCol, value);
  }

  public MultiTargetRegressionEvaluator setPredictionCol(String value) {
    return (MultiTargetRegressionEvaluator) set(predictionCol, value);
  }

  public MultiTargetRegressionEvaluator setMetricName(String value) {
    return (MultiTargetRegressionEvaluator) set(metricName, value);
  }

  public MultiTargetRegressionEvaluator setTarget(int value) {
    return (MultiTargetRegressionEvaluator) set(target, value);
  }

  /**
   * The metric over the dataset's rows: one pass to check the vectors' sizes, then one per
   * target evaluated, over the columns persisted once (in a {@code CrossValidator} the dataset
   * is a model's uncached {@code transform}).
   */
  @Override
  public double evaluate(Dataset<?> dataset) {
    boolean weighted = isDefined(weightCol) && !getWeightCol().isEmpty();
    Column weight = weighted ? col(getWeightCol()).cast("double") : lit(1.0);
    Dataset<Row> pairs = dataset.select(asArray(dataset, getLabelCol()).as("label"),
        asArray(dataset, getPredictionCol()).as("prediction"), weight.as("weight"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      int targets = targetCount(pairs);
      if (getTarget() >= targets) {
        throw new IllegalArgumentException(uid + " parameter target is " + getTarget()
            + ", but the vectors have " + targets + " targets (allowed: -1 to "
            + (targets - 1) + ")");
      }
      if (getTarget() >= 0) {
        return metricOf(pairs, getTarget());
      }
      double sum = 0;
      for (int k = 0; k < targets; k++) {
        sum += metricOf(pairs, k);
      }
      return sum / targets;
    } finally {
      pairs.unpersist(false);
    }
  }

  private double metricOf(Dataset<Row> pairs, int k) {
    Dataset<Row> columns = pairs.select(col("label").getItem(k).as("label"),
        col("prediction").getItem(k).as("prediction"), col("weight"));
    return new RegressionEvaluator().setMetricName(getMetricName()).setWeightCol("weight")
        .evaluate(columns);
  }

  /**
   * The one size of every label and prediction vector, or an error naming the sizes seen (or
   * the rows with a null).
   */
  private int targetCount(Dataset<Row> pairs) {
    Column nulls = col("label").isNull().or(col("prediction").isNull());
    Row sizes = pairs.agg(min(size(col("label"))), max(size(col("label"))),
        min(size(col("prediction"))), max(size(col("prediction"))),
        sum(when(nulls, 1).otherwise(0))).head();
    if (!sizes.isNullAt(4) && sizes.getLong(4) > 0) {
      throw new IllegalArgumentException(sizes.getLong(4) + " rows have a null in labelCol '"
          + getLabelCol() + "' or predictionCol '" + getPredictionCol() + "'");
    }
    if (sizes.isNullAt(0)) {
      throw new IllegalArgumentException("cannot evaluate an empty dataset");
    }
    int labelMin = sizes.getInt(0);
    int labelMax = sizes.getInt(1);
    int predictionMin = sizes.getInt(2);
    int predictionMax = sizes.getInt(3);
    if (labelMin != labelMax || predictionMin != predictionMax || labelMin != predictionMin) {
      throw new IllegalArgumentException("labelCol '" + getLabelCol() + "' holds vectors of"
          + " size " + range(labelMin, labelMax) + " and predictionCol '" + getPredictionCol()
          + "' of size " + range(predictionMin, predictionMax) + "; every row needs one size"
          + " in both");
    }
    return labelMin;
  }

  private static String range(int low, int high) {
    return low == high ? Integer.toString(low) : low + " to " + high;
  }

  /** The column as an array of doubles: a vector converted, a number wrapped. */
  private static Column asArray(Dataset<?> dataset, String name) {
    DataType type = dataset.schema().apply(name).dataType();
    if (type instanceof VectorUDT) {
      // vector_to_array fails on a null cell; a null stays null, to be counted and reported
      return when(col(name).isNotNull(), vector_to_array(col(name), "float64"));
    }
    if (type instanceof org.apache.spark.sql.types.NumericType) {
      return org.apache.spark.sql.functions.array(col(name).cast("double"));
    }
    throw new IllegalArgumentException("column '" + name + "' must be numeric or a vector, got "
        + type.simpleString());
  }

  @Override
  public boolean isLargerBetter() {
    return getMetricName().equals("r2") || getMetricName().equals("var");
  }

  @Override
  public MultiTargetRegressionEvaluator copy(ParamMap extra) {
    return (MultiTargetRegressionEvaluator) defaultCopy(extra);
  }

  /** Reads an evaluator saved with {@code write().save(path)}. */
  public static MLReader<MultiTargetRegressionEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static MultiTargetRegressionEvaluator load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "MultiTargetRegressionEvaluator: uid=" + uid + ", metricName=" + getMetricName()
        + ", target=" + getTarget();
  }
}
