package org.minibatch.train;

import java.io.Serializable;
import org.minibatch.nn.Initializer;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.optim.Optimizer;
import org.minibatch.optim.Optimizers;
import org.minibatch.optim.schedule.Schedule;
import org.minibatch.optim.schedule.Schedules;
import org.minibatch.util.Range;

/**
 * Everything that decides what a training run computes, immutable and validated when built.
 * Two runs with equal configs, equal data and equal partitioning give bit-identical weights.
 */
public record TrainConfig(NetworkSpec network, Initializer initializer, Optimizer optimizer,
    Schedule schedule, int batchSize, long seed, StopCriteria stop, int logEverySteps,
    Precision precision) implements Serializable {

  public static final int DEFAULT_BATCH_SIZE = 128;
  public static final long DEFAULT_SEED = 42;
  public static final String DEFAULT_OPTIMIZER = "adam";
  public static final String DEFAULT_SCHEDULE = "constant";

  public TrainConfig {
    if (network == null) {
      throw new IllegalArgumentException("network spec is required");
    }
    Range.atLeast(1).check("batch_size", batchSize);
    Range.nonNegative().check("log_every_steps", logEverySteps);
    if (precision == null) {
      throw new IllegalArgumentException("precision must be one of " + Precision.keys());
    }
  }

  public static Builder builder(NetworkSpec network) {
    return new Builder(network);
  }

  public static Builder builder(String network) {
    return new Builder(NetworkSpec.parse(network));
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    Builder b = new Builder(network);
    b.initializer = initializer;
    b.optimizer = optimizer.toString();
    b.schedule = schedule.toString();
    b.batchSize = batchSize;
    b.seed = seed;
    b.stop = stop;
    b.logEverySteps = logEverySteps;
    b.precision = precision;
    return b;
  }

  /** Steps per logging window for an epoch of {@code stepsPerEpoch} steps. */
  public int windowSteps(int stepsPerEpoch) {
    return logEverySteps > 0 ? logEverySteps : Math.max(1, (stepsPerEpoch + 9) / 10);
  }

  /** Collects settings; {@link #build()} validates them together. */
  public static final class Builder {
    private final NetworkSpec network;
    private Initializer initializer;
    private String optimizer = DEFAULT_OPTIMIZER;
    private String schedule = DEFAULT_SCHEDULE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long seed = DEFAULT_SEED;
    private StopCriteria stop = StopCriteria.epochs(StopCriteria.DEFAULT_MAX_EPOCHS);
    private int logEverySteps;
    private Precision precision = Precision.FLOAT32;

    private Builder(NetworkSpec network) {
      this.network = network;
    }

    public Builder initializer(String spec) {
      this.initializer = Initializer.parse(spec);
      return this;
    }

    public Builder initializer(Initializer value) {
      this.initializer = value;
      return this;
    }

    /** Optimizer spec, e.g. {@code adam(lr=0.001)}. */
    public Builder optimizer(String spec) {
      this.optimizer = spec;
      return this;
    }

    /** Schedule spec; a schedule without {@code lr} starts from the optimizer's rate. */
    public Builder schedule(String spec) {
      this.schedule = spec;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder stop(StopCriteria value) {
      this.stop = value;
      return this;
    }

    public Builder maxEpochs(int value) {
      this.stop = stop.withMaxEpochs(value);
      return this;
    }

    public Builder logEverySteps(int value) {
      this.logEverySteps = value;
      return this;
    }

    /** float32 (default: sgemm, half the data per step) or float64 (exact). */
    public Builder precision(Precision value) {
      this.precision = value;
      return this;
    }

    public TrainConfig build() {
      Optimizer opt = Optimizers.parse(optimizer);
      Schedule sched = Schedules.parse(schedule, opt.learningRate());
      Initializer init = initializer != null ? initializer
          : Initializer.defaultFor(network.hidden());
      return new TrainConfig(network, init, opt, sched, batchSize, seed, stop, logEverySteps,
          precision);
    }
  }
}
