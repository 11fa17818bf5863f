package org.minibatch.bench;

import java.util.List;
import org.minibatch.spark.CachedData;
import org.minibatch.spark.DistributedTrainer;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingResult;

/** Our distributed trainer on the benchmark's cached data, with time-to-accuracy per epoch. */
final class OursRun {
  /** One configuration's run. */
  record Result(String name, TrainConfig config, List<EpochClock.Point> epochs,
      double secondsPerStep, long steps) {
    double secondsTo(double accuracy) {
      return epochs.stream().filter(p -> p.testAccuracy() >= accuracy).findFirst()
          .map(EpochClock.Point::trainSeconds).orElse(Double.NaN);
    }

    double finalAccuracy() {
      return epochs.get(epochs.size() - 1).testAccuracy();
    }

    double trainSeconds() {
      return epochs.get(epochs.size() - 1).trainSeconds();
    }
  }

  private OursRun() {}

  static Result run(String name, String network, String optimizer, String schedule, int batch,
      int epochs, CachedData train, CachedData test) {
    TrainConfig config = TrainConfig.builder(network).optimizer(optimizer).schedule(schedule)
        .batchSize(batch).seed(1).stop(StopCriteria.epochs(epochs)).build();
    EpochClock clock = new EpochClock();
    TrainingResult result = new DistributedTrainer(config).addListener(clock)
        .train(train, test);
    double stepSeconds = (result.timings().gradientSeconds() + result.timings().updateSeconds())
        / result.steps();
    return new Result(name, config, clock.points(), stepSeconds, result.steps());
  }
}
