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
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.optim.schedule.Schedules;
import org.minibatch.train.Precision;
import org.minibatch.train.StopCriteria;
import org.minibatch.train.TrainConfig;
import org.minibatch.train.TrainingKey;
import org.minibatch.util.Range;

/**
 * The {@code model.*} and {@code train.*} keys of a config, parsed once ({@link #parse}) into
 * typed values: every spec string becomes its object here, at the edge, and what needs the data
 * (the input and output sizes) is filled in later without parsing anything again.
 */
final class TrainSettings {
  private final OutputLayer output;
  private final int classes;
  private final int[] hidden;
  private final Activation activation;
  private final Loss loss;
  private final Initializer initializer;
  private final Optimizer optimizer;
  private final Schedule schedule;
  private final StopCriteria stop;
  private final int batchSize;
  private final long seed;
  private final int logEverySteps;
  private final Precision precision;

  private TrainSettings(Settings s) {
    output = switch (s.getChoice(Key.MODEL_OUTPUT, List.of("softmax", "identity"))) {
      case "softmax" -> OutputLayer.SOFTMAX;
      default -> OutputLayer.IDENTITY;
    };
    classes = s.getInt(Key.MODEL_CLASSES, Range.nonNegative());
    hidden = TrainingKey.sizes(s.get(Key.MODEL_HIDDEN));
    activation = Activation.parse(s.get(Key.MODEL_ACTIVATION));
    loss = s.isSet(Key.MODEL_LOSS) ? Loss.parse(s.get(Key.MODEL_LOSS)) : output.defaultLoss();
    initializer = s.isSet(Key.MODEL_INIT) ? Initializer.parse(s.get(Key.MODEL_INIT)) : null;
    Optimizer parsed = Optimizers.parse(s.get(Key.TRAIN_OPTIMIZER));
    double weightDecay = s.getDouble(Key.TRAIN_WEIGHT_DECAY, Range.nonNegative());
    double clipNorm = s.getDouble(Key.TRAIN_CLIP_NORM, Range.nonNegative());
    if (weightDecay > 0) {
      parsed = parsed.withWeightDecay(weightDecay);
    }
    if (clipNorm > 0) {
      parsed = parsed.withClipNorm(clipNorm);
    }
    optimizer = parsed;
    schedule = Schedules.parse(s.get(Key.TRAIN_SCHEDULE), optimizer.learningRate());
    stop = new StopCriteria(
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
    batchSize = s.getInt(Key.TRAIN_BATCH_SIZE, Range.atLeast(1));
    seed = s.getLong(Key.TRAIN_SEED, Range.nonNegative());
    logEverySteps = s.getInt(Key.TRAIN_LOG_EVERY_STEPS, Range.nonNegative());
    precision = Precision.parse(s.getChoice(Key.TRAIN_PRECISION, Precision.keys()));
  }

  /**
   * Parses and checks every model and training key of {@code s}, without data: a bad value
   * fails here, naming its key, and so does a loss that does not fit the output (the network is
   * tried with one input and two classes, or one target).
   */
  static TrainSettings parse(Settings s) {
    TrainSettings parsed = new TrainSettings(s);
    parsed.config(parsed.network(1, false, 1, () -> 2));
    return parsed;
  }

  /**
   * The network for {@code features} inputs; a softmax output gets {@code model.classes}
   * outputs, or {@code classesInData} when that is 0, an identity output one per target.
   */
  NetworkSpec network(int features, boolean vectorLabel, int targetWidth,
      IntSupplier classesInData) {
    int outputs;
    if (output == OutputLayer.SOFTMAX) {
      if (vectorLabel) {
        throw new IllegalArgumentException("model.output=softmax needs a numeric class label,"
            + " but the label column holds vectors; use model.output=identity for regression");
      }
      outputs = classes > 0 ? classes : classesInData.getAsInt();
    } else {
      outputs = targetWidth;
    }
    int[] sizes = new int[hidden.length + 2];
    sizes[0] = features;
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = outputs;
    return new NetworkSpec(sizes, activation, output, loss);
  }

  /** The training config for {@code spec}: optimizer, schedule, stop criteria and the rest. */
  TrainConfig config(NetworkSpec spec) {
    TrainConfig.Builder builder = TrainConfig.builder(spec).optimizer(optimizer)
        .schedule(schedule).batchSize(batchSize).seed(seed).logEverySteps(logEverySteps)
        .precision(precision).stop(stop);
    if (initializer != null) {
      builder.initializer(initializer);
    }
    return builder.build();
  }
}
