package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minibatch.data.FashionMnist;
import org.minibatch.nn.DataBlock;

/** The single-machine trainer on the real Fashion-MNIST (Debian package dataset-fashion-mnist). */
class LocalFashionMnistIT {

  @Test
  void plainSgdLearnsFashionMnistInTwoEpochs() throws IOException {
    DataBlock train = FashionMnist.train();
    DataBlock test = FashionMnist.test();
    TrainConfig config = TrainConfig.builder("784-256-128-10 relu softmax")
        .optimizer("sgd(lr=0.1)").batchSize(128).seed(1).maxEpochs(2).build();
    LocalGradientSource source = new LocalGradientSource(config.network(), List.of(train), test);
    TrainingResult result = new Trainer(config).train(source);
    Evaluation evaluation = source.evaluate(test, result.params());
    System.out.printf("sgd 2 epochs: test accuracy %.4f, %.1f s (%.1f s gradients)%n",
        evaluation.accuracy(), result.timings().totalSeconds(),
        result.timings().gradientSeconds());
    assertTrue(evaluation.accuracy() > 0.82, "test accuracy " + evaluation.accuracy());
  }
}
