package org.minibatch.bench;

import java.util.ArrayList;
import java.util.List;
import org.minibatch.train.EpochMetrics;
import org.minibatch.train.TrainingListener;

/**
 * Time to accuracy: after each epoch, the training seconds so far (without the test evaluation
 * that follows each epoch) and the test accuracy the trainer's validation pass measured.
 */
final class EpochClock implements TrainingListener {
  /** One epoch's point on the time-to-accuracy curve. */
  record Point(int epoch, double trainSeconds, double testAccuracy) {}

  private final List<Point> points = new ArrayList<>();
  private long start;
  private long lastStep;
  private long evaluationNanos;

  @Override
  public void onStart(Start info) {
    start = System.nanoTime();
  }

  @Override
  public void onStep(long step, int epoch, int stepInEpoch, double loss, double rate,
      long rows) {
    lastStep = System.nanoTime();
  }

  @Override
  public void onEpochEnd(EpochMetrics e) {
    long now = System.nanoTime();
    points.add(new Point(e.epoch(), (lastStep - start - evaluationNanos) / 1e9,
        e.validationAccuracy()));
    evaluationNanos += now - lastStep;
  }

  List<Point> points() {
    return points;
  }

  /** Training seconds until the test accuracy first reached {@code target}, or NaN. */
  double secondsTo(double target) {
    return points.stream().filter(p -> p.testAccuracy() >= target).findFirst()
        .map(Point::trainSeconds).orElse(Double.NaN);
  }
}
