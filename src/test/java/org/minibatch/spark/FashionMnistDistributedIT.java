package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.minibatch.bench.BenchData;
import org.minibatch.train.Evaluation;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingResult;

/** The acceptance run: Fashion-MNIST in local[2], adam, batch 128, 10 epochs. */
class FashionMnistDistributedIT {

  @Test
  void adamReaches88PercentInTenEpochs() {
    TrainConfig config = TrainConfig.builder("784-256-128-10 relu softmax")
        .optimizer(System.getProperty("it.optimizer", "adam(lr=0.001)")).batchSize(128).seed(1)
        .maxEpochs(Integer.getInteger("it.epochs", 10)).build();
    // The rows are made inside the tasks (BenchData): parallelizing a list of them had put
    // 180 MiB into each task and a "task of very large size" warning into the log.
    try (CachedData train = CachedData.prepare(BenchData.trainRows(LocalSpark.context(), 1, 2),
            config.network(), new CachedData.Layout(2, 0, config.seed()));
        CachedData test = CachedData.prepare(BenchData.testRows(LocalSpark.context(), 2),
            config.network(), new CachedData.Layout(2, 0, config.seed()))) {
      TrainingResult result = new DistributedTrainer(config).train(train, test);
      Evaluation evaluation = SparkGradientSource.evaluate(test, false, result.params());
      double perEpoch = result.timings().totalSeconds() / result.epochs();
      System.out.printf("Fashion-MNIST local[2] %s: test accuracy %.4f after %d epochs, %.1f s"
              + " per epoch (gradients %.1f s, update %.1f s, validation %.1f s in total),"
              + " %.1f ms per step, cached %d bytes%n",
          config.optimizer(), evaluation.accuracy(), result.epochs(), perEpoch,
          result.timings().gradientSeconds(), result.timings().updateSeconds(),
          result.timings().validationSeconds(),
          1000 * (result.timings().gradientSeconds() + result.timings().updateSeconds())
              / result.steps(), train.cachedBytes());
      assertTrue(evaluation.accuracy() >= 0.88, "test accuracy " + evaluation.accuracy());
    }
  }
}
