package org.minibatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.minibatch.nn.DataBlock;
import org.minibatch.train.LocalGradientSource;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.Trainer;
import org.minibatch.train.TrainingResult;

/** The single-machine trainer takes every optimizer and schedule spec and learns with it. */
class TrainerWithEveryOptimizerTest {
  static final DataBlock XOR = DataBlock.of(
      new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
      new double[][] {{0}, {1}, {1}, {0}});

  static Iterable<String> names() {
    return Optimizers.names();
  }

  static double loss(TrainingResult result, int window) {
    return result.history().windows().get(window).loss();
  }

  static TrainingResult train(String optimizer, String schedule, int epochs) {
    TrainConfig config = TrainConfig.builder("2-8-1 tanh sigmoid bce").optimizer(optimizer)
        .schedule(schedule).batchSize(4).seed(3).maxEpochs(epochs).logEverySteps(1).build();
    return new Trainer(config)
        .train(new LocalGradientSource(config.network(), List.of(XOR), null));
  }

  @ParameterizedTest
  @MethodSource("names")
  void everyOptimizerLowersTheLoss(String name) {
    // Adadelta has no learning rate to speak of; its steps start at about sqrt(eps), so a
    // larger eps gets it moving within the test's 300 steps.
    String spec = name.equals("adadelta") ? "adadelta(eps=1e-4)" : name + "(lr=0.05)";
    TrainingResult result = train(spec, "constant", 300);
    double first = loss(result, 0);
    double last = loss(result, 299);
    assertTrue(last < 0.9 * first, name + ": loss " + first + " -> " + last);
    assertEquals(300, result.optimizerState().steps());
  }

  @Test
  void schedulesSetTheRateOfEveryStep() {
    TrainingResult result = train("momentum(lr=0.1)",
        "warmup(steps=10,then=cosine(steps=40,min=0.001))", 60);
    assertEquals(0.01, result.history().windows().get(0).learningRate(), 1e-15);
    assertEquals(0.1, result.history().windows().get(9).learningRate(), 1e-15);
    assertEquals(0.1, result.history().windows().get(10).learningRate(), 1e-15);
    assertEquals(0.001, result.history().windows().get(59).learningRate(), 1e-15);
  }

  @Test
  void adamIsTheDefault() {
    TrainConfig config = TrainConfig.builder("2-8-1 tanh sigmoid bce").build();
    assertEquals("adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8)", config.optimizer().toString());
    assertEquals("constant(lr=0.001)", config.schedule().toString());
  }
}
