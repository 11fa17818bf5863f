package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minibatch.nn.DataBlock;

class XorTest {
  static final DataBlock XOR = DataBlock.of(
      new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
      new double[][] {{0}, {1}, {1}, {0}});
  static final TrainConfig CONFIG = TrainConfig.builder("2-4-1 tanh sigmoid bce")
      .optimizer("sgd(lr=0.5)").batchSize(4).seed(7).maxEpochs(2000).build();

  static LocalGradientSource source() {
    return new LocalGradientSource(CONFIG.network(), List.of(XOR), null);
  }

  @Test
  void learnsXorToFullAccuracy() {
    TrainingResult result = new Trainer(CONFIG).train(source());
    assertEquals(1.0, source().evaluate(XOR, result.params()).accuracy());
    assertEquals(StopReason.MAX_EPOCHS, result.stopReason());
    assertEquals(2000, result.steps());
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    double[] first = new Trainer(CONFIG).train(source()).params();
    double[] second = new Trainer(CONFIG).train(source()).params();
    assertArrayEquals(first, second, 0);
  }
}
