package org.minibatch.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;
import org.minibatch.ml.NeuralNetClassifier;
import org.minibatch.ml.NeuralNetRegressor;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.schedule.Schedules;
import org.minibatch.train.Precision;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingKey;

/**
 * The CLI and the Spark ML estimators have one default for every setting they share: the
 * properties key's default, the Spark ML param's default and what the trainer's builder uses when
 * nothing is set are the same value.
 */
class SharedDefaultsTest {
  private static final NetworkSpec SPEC = NetworkSpec.parse("4-8-3 relu softmax");

  @Test
  void everySharedKeyHasTheParamsDefault() {
    for (Params estimator : List.<Params>of(new NeuralNetClassifier(), new NeuralNetRegressor())) {
      for (TrainingKey row : TrainingKey.values()) {
        Key key = Key.byName(row.key());
        assertNotNull(key, row.key());
        String text = key.defaultValue();
        assertEquals(row.defaultValue(), text, row.key());
        Param<?> param = estimator.getParam(row.param());
        assertTrue(estimator.hasDefault(param), row.param());
        Object value = estimator.getDefault(param).get();
        String where = row.key() + " vs " + estimator.getClass().getSimpleName() + "."
            + row.param();
        if (param instanceof IntArrayParam) {
          assertArrayEquals(TrainingKey.sizes(text), (int[]) value, where);
        } else if (param instanceof IntParam) {
          assertEquals(Integer.parseInt(text), value, where);
        } else if (param instanceof LongParam) {
          assertEquals(Long.parseLong(text), value, where);
        } else if (param instanceof DoubleParam) {
          assertEquals(Double.parseDouble(text), value, where);
        } else {
          assertEquals(text, value, where);
        }
      }
    }
  }

  @Test
  void theKeysDefaultsAreTheTrainersOwn() {
    TrainConfig untouched = TrainConfig.builder(SPEC).build();
    Settings none = Settings.of(Map.of());
    assertEquals(Integer.parseInt(Key.TRAIN_BATCH_SIZE.defaultValue()), untouched.batchSize());
    assertEquals(TrainConfig.DEFAULT_BATCH_SIZE, untouched.batchSize());
    assertEquals(Long.parseLong(Key.TRAIN_SEED.defaultValue()), untouched.seed());
    assertEquals(TrainConfig.DEFAULT_SEED, untouched.seed());
    assertEquals(Optimizers.parse(Key.TRAIN_OPTIMIZER.defaultValue()), untouched.optimizer());
    assertEquals(Schedules.parse(Key.TRAIN_SCHEDULE.defaultValue(),
        untouched.optimizer().learningRate()), untouched.schedule());
    assertEquals(new StopCriteria(Integer.parseInt(Key.TRAIN_MAX_EPOCHS.defaultValue()),
        Long.parseLong(Key.TRAIN_MAX_STEPS.defaultValue()),
        Double.parseDouble(Key.TRAIN_TIME_LIMIT_S.defaultValue()),
        Double.parseDouble(Key.TRAIN_LOSS_BELOW.defaultValue()),
        Double.parseDouble(Key.TRAIN_LOSS_RATIO.defaultValue()),
        Double.parseDouble(Key.TRAIN_GRAD_NORM_RATIO.defaultValue()),
        Integer.parseInt(Key.TRAIN_EARLY_STOPPING_PATIENCE.defaultValue()),
        StopCriteria.EarlyStoppingMetric.LOSS), untouched.stop());
    assertEquals(StopCriteria.DEFAULT_MAX_EPOCHS, untouched.stop().maxEpochs());
    assertEquals("loss", Key.TRAIN_EARLY_STOPPING_METRIC.defaultValue());
    assertEquals(Precision.parse(Key.TRAIN_PRECISION.defaultValue()), untouched.precision());
    // nothing set in a config file gives exactly the builder's config
    assertEquals(untouched, TrainSettings.parse(none).config(SPEC));
  }

  @Test
  void bothFrontEndsBuildTheSameNetworkWhenNothingIsSet() {
    NetworkSpec cli = TrainSettings.parse(Settings.of(Map.of())).network(4, false, 1,
        () -> 3);
    assertEquals("4-256-128-3 relu softmax cross_entropy", cli.toString());
    NeuralNetClassifier ml = new NeuralNetClassifier();
    assertArrayEquals(ml.getHiddenLayers(), Arrays.copyOfRange(cli.sizes(), 1, 3));
    assertEquals(ml.getActivation(), Key.MODEL_ACTIVATION.defaultValue());
  }
}
