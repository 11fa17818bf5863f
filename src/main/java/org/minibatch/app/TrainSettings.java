package org.minibatch.app;

import java.util.List;
import java.util.function.IntSupplier;
import org.minibatch.nn.Activation;
import org.minibatch.nn.Initializer;
import org.minibatch.nn.Loss;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.OutputLayer;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.Optimizers;
import org.minibatch.train.Precision;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingKey;
import org.minibatch.util.Range;

/** How the {@code model.*} and {@code train.*} keys of a config become a network and a config. */
final class TrainSettings {
  private TrainSettings() {}

  /**
   * The network {@code s} describes for {@code features} inputs; a softmax output gets
   * {@code model.classes} outputs, or {@code classesInData} when that is 0, an identity output
   * one per target.
   */
  static NetworkSpec network(Settings s, int features, boolean vectorLabel, int targetWidth,
      IntSupplier classesInData) {
    OutputLayer output = switch (s.getChoice(Key.MODEL_OUTPUT, List.of("softmax", "identity"))) {
      case "softmax" -> OutputLayer.SOFTMAX;
      default -> OutputLayer.IDENTITY;
    };
    int outputs;
    if (output == OutputLayer.SOFTMAX) {
      if (vectorLabel) {
        throw new IllegalArgumentException("model.output=softmax needs a numeric class label,"
            + " but the label column holds vectors; use model.output=identity for regression");
      }
      outputs = s.getInt(Key.MODEL_CLASSES, Range.nonNegative());
      if (outputs == 0) {
        outputs = classesInData.getAsInt();
      }
    } else {
      outputs = targetWidth;
    }
    int[] hidden = TrainingKey.sizes(s.get(Key.MODEL_HIDDEN));
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = features;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = outputs;
    Loss loss = s.isSet(Key.MODEL_LOSS) ? Loss.parse(s.get(Key.MODEL_LOSS))
        : output.defaultLoss();
    return new NetworkSpec(sizes, Activation.parse(s.get(Key.MODEL_ACTIVATION)), output, loss);
  }

  /** The training config: optimizer with weight decay and clipping, schedule, stop criteria. */
  static TrainConfig trainConfig(Settings s, NetworkSpec spec) {
    Optimizer optimizer = Optimizers.parse(s.get(Key.TRAIN_OPTIMIZER));
    double weightDecay = s.getDouble(Key.TRAIN_WEIGHT_DECAY, Range.nonNegative());
    double clipNorm = s.getDouble(Key.TRAIN_CLIP_NORM, Range.nonNegative());
    if (weightDecay > 0) {
      optimizer = optimizer.withWeightDecay(weightDecay);
    }
    if (clipNorm > 0) {
      optimizer = optimizer.withClipNorm(clipNorm);
    }
    StopCriteria stop = new StopCriteria(
        s.getInt(Key.TRAIN_MAX_EPOCHS, Range.atLeast(1)),
        s.getLong(Key.TRAIN_MAX_STEPS, Range.nonNegative()),
        s.getDouble(Key.TRAIN_TIME_LIMIT_S, Range.nonNegative()),
        s.getDouble(Key.TRAIN_LOSS_BELOW, Range.nonNegative()),
        s.getDouble(Key.TRAIN_LOSS_RATIO, Range.closedOpen(0, 1)),
        s.getDouble(Key.TRAIN_GRAD_NORM_RATIO, Range.closedOpen(0, 1)),
        s.getInt(Key.TRAIN_EARLY_STOPPING_PATIENCE, Range.nonNegative()),
        s.getChoice(Key.TRAIN_EARLY_STOPPING_METRIC, List.of("loss", "accuracy"))
            .equals("loss") ? StopCriteria.EarlyStoppingMetric.LOSS
            : StopCriteria.EarlyStoppingMetric.ACCURACY);
    TrainConfig.Builder builder = TrainConfig.builder(spec).optimizer(optimizer)
        .schedule(s.get(Key.TRAIN_SCHEDULE))
        .batchSize(s.getInt(Key.TRAIN_BATCH_SIZE, Range.atLeast(1)))
        .seed(s.getLong(Key.TRAIN_SEED, Range.nonNegative()))
        .logEverySteps(s.getInt(Key.TRAIN_LOG_EVERY_STEPS, Range.nonNegative()))
        .precision(Precision.parse(s.getChoice(Key.TRAIN_PRECISION, Precision.keys())))
        .stop(stop);
    if (s.isSet(Key.MODEL_INIT)) {
      builder.initializer(Initializer.parse(s.get(Key.MODEL_INIT)));
    }
    return builder.build();
  }

  /**
   * Fails as {@link #trainConfig} would on a bad model or training key, without data: the
   * network gets one input and two classes (or one target) for the check.
   */
  static void check(Settings s) {
    trainConfig(s, network(s, 1, false, 1, () -> 2));
  }
}
