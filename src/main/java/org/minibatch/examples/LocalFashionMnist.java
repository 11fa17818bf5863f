package org.minibatch.examples;

import java.io.IOException;
import java.util.List;
import org.minibatch.data.FashionMnist;
import org.minibatch.nn.DataBlock;
import org.minibatch.train.Evaluation;
import org.minibatch.train.LocalGradientSource;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingResult;

/**
 * Fashion-MNIST on one machine with the Spark-free trainer: 784-256-128-10 relu/softmax,
 * mini-batch SGD, then the test accuracy. Needs Debian's {@code dataset-fashion-mnist}.
 */
public final class LocalFashionMnist {
  private LocalFashionMnist() {}

  public static void main(String[] args) throws IOException {
    if (!FashionMnist.available()) {
      System.err.println(FashionMnist.HOW_TO_GET);
      System.exit(2);
    }
    DataBlock train = FashionMnist.train();
    DataBlock test = FashionMnist.test();
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    TrainConfig config = TrainConfig.builder("784-256-128-10 relu softmax")
        .optimizer("sgd(lr=0.1)").batchSize(128).seed(1).maxEpochs(epochs).build();
    LocalGradientSource source = new LocalGradientSource(config.network(), List.of(train), test);
    TrainingResult result = new Trainer(config).train(source);
    Evaluation evaluation = source.evaluate(test, result.params());
    System.out.printf("Fashion-MNIST, %d epochs of %s: test accuracy %.4f in %.1f s%n",
        result.epochs(), config.optimizer(), evaluation.accuracy(),
        result.timings().totalSeconds());
  }
}
