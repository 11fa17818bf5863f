package org.minibatch.train;

import java.io.Serializable;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;

/**
 * Loss and correct-prediction counts over some rows, summed exactly across partitions (the loss
 * through {@link GradientSum}) so validation metrics, and the early-stopping decisions taken on
 * them, do not depend on merge order.
 */
public final class EvaluationSum implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The loss, and as its one "gradient" value the (weighted) count of right predictions. */
  private final GradientSum sums;

  private EvaluationSum(GradientSum sums) {
    this.sums = sums;
  }

  /** Sums of one partition: total loss, rows, and rows (or outputs) predicted right. */
  public static EvaluationSum of(int partition, double lossSum, long rows, long correct) {
    return of(partition, lossSum, rows, rows, correct);
  }

  /**
   * Sums of one partition of weighted rows: sum of w_r l_r, rows, sum of w_r, and the weights
   * of the rows (or outputs) predicted right.
   */
  public static EvaluationSum of(int partition, double lossSum, long rows, double weight,
      double correct) {
    return new EvaluationSum(GradientSum.of(partition, new double[] {correct}, lossSum, rows,
        weight));
  }

  public EvaluationSum add(EvaluationSum other) {
    GradientSum.mergeExact(sums, other.sums);
    return this;
  }

  /** Merges two partial sums, either of which may be null. */
  public static EvaluationSum merge(EvaluationSum a, EvaluationSum b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.add(b);
  }

  /**
   * The metrics: mean loss, and for classifiers the fraction of rows (softmax) or of outputs
   * (sigmoid) predicted right, weighted by the rows' weights; NaN accuracy for regression.
   */
  public Evaluation toEvaluation(NetworkSpec spec) {
    int predictionsPerRow = spec.output() == OutputLayer.SOFTMAX ? 1 : spec.outputs();
    double[] correct = new double[1];
    sums.totals(correct);
    double accuracy = spec.isClassifier()
        ? correct[0] / (sums.weight() * predictionsPerRow) : Double.NaN;
    return new Evaluation(sums.meanLoss(), accuracy, sums.rows());
  }
}
