package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minibatch.bench.StepScaling;
import org.minibatch.train.TrainConfig;

/** A step costs O(batch): 10x the rows must not make steps more than 20% slower. */
class StepScalingIT {
  @Test
  void stepTimeDoesNotGrowWithRows() {
    TrainConfig config = TrainConfig.builder("784-256-128-10 relu softmax")
        .optimizer("adam(lr=0.001)").batchSize(128).seed(1).build();
    List<StepScaling.Point> points = StepScaling.run(LocalSpark.context(), config, 2,
        new int[] {1, 10}, 140);
    points.forEach(p -> System.out.println("STEP SCALING " + p));
    double ratio = points.get(1).step().totalMs() / points.get(0).step().totalMs();
    System.out.printf("STEP SCALING 10x/1x = %.2f%n", ratio);
    assertTrue(ratio <= 1.2, "10x rows made steps " + ratio + "x slower");
  }
}
