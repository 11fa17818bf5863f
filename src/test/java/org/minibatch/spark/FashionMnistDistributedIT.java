package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minibatch.data.FashionMnist;
import org.minibatch.data.LabeledRow;
import org.minibatch.nn.DataBlock;
import org.minibatch.train.Evaluation;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingResult;

/** The acceptance run: Fashion-MNIST in local[2], adam, batch 128, 10 epochs. */
class FashionMnistDistributedIT {

  static List<LabeledRow> rows(DataBlock block) {
    List<LabeledRow> rows = new ArrayList<>(block.rows());
    int f = block.featureCount();
    for (int r = 0; r < block.rows(); r++) {
      double[] x = new double[f];
      for (int j = 0; j < f; j++) {
        x[j] = block.features()[r * f + j];
      }
      rows.add(LabeledRow.classified(x, block.targets()[r]));
    }
    return rows;
  }

  @Test
  void adamReaches88PercentInTenEpochs() throws IOException {
    TrainConfig config = TrainConfig.builder("784-256-128-10 relu softmax")
        .optimizer(System.getProperty("it.optimizer", "adam(lr=0.001)")).batchSize(128).seed(1)
        .maxEpochs(Integer.getInteger("it.epochs", 10)).build();
    try (CachedData train = CachedData.prepare(
            LocalSpark.context().parallelize(rows(FashionMnist.train()), 2), config.network(),
            new CachedData.Layout(2, 0, config.seed()));
        CachedData test = CachedData.prepare(
            LocalSpark.context().parallelize(rows(FashionMnist.test()), 2), config.network(),
            new CachedData.Layout(2, 0, config.seed()))) {
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
