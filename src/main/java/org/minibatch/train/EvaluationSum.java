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
  private static final long serialVersionUID = 1L;

  private final GradientSum loss;
  private long correct;

  private EvaluationSum(GradientSum loss, long correct) {
    this.loss = loss;
    this.correct = correct;
  }

  /** Sums of one partition: total loss, rows, and rows (or outputs) predicted right. */
  public static EvaluationSum of(int partition, double lossSum, long rows, long correct) {
    return new EvaluationSum(GradientSum.of(partition, new double[0], lossSum, rows), correct);
  }

  public EvaluationSum add(EvaluationSum other) {
    GradientSum.mergeExact(loss, other.loss);
    correct += other.correct;
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
   * (sigmoid) predicted right; NaN accuracy for regression.
   */
  public Evaluation toEvaluation(NetworkSpec spec) {
    int predictionsPerRow = spec.output() == OutputLayer.SOFTMAX ? 1 : spec.outputs();
    double accuracy = spec.isClassifier()
        ? (double) correct / (loss.rows() * (double) predictionsPerRow) : Double.NaN;
    return new Evaluation(loss.meanLoss(), accuracy, loss.rows());
  }
}
