package org.minibatch.examples;

import java.util.List;
import org.minibatch.nn.DataBlock;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.Evaluation;
import org.minibatch.train.LocalGradientSource;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingResult;

/**
 * The smallest use of the Spark-free API: a 2-4-1 network learns XOR on one machine.
 * Run with {@code java -cp target/classes:... org.minibatch.examples.XorExample}.
 */
public final class XorExample {
  private XorExample() {}

  public static void main(String[] args) {
    DataBlock xor = DataBlock.of(
        new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
        new double[][] {{0}, {1}, {1}, {0}});
    TrainConfig config = TrainConfig.builder(NetworkSpec.parse("2-4-1 tanh sigmoid bce"))
        .optimizer("sgd(lr=0.5)").batchSize(4).seed(7).maxEpochs(2000).build();
    LocalGradientSource source = new LocalGradientSource(config.network(), List.of(xor), null);
    TrainingResult result = new Trainer(config).train(source);
    Evaluation evaluation = source.evaluate(xor, result.params());
    System.out.printf("XOR after %d steps: loss %.5f, accuracy %.2f%n", result.steps(),
        evaluation.loss(), evaluation.accuracy());
  }
}
