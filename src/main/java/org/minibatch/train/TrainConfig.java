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
  public static final Precision DEFAULT_PRECISION = Precision.FLOAT32;

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
    b.optimizer = optimizer;
    b.schedule = schedule;
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
    private Optimizer optimizer;
    private Schedule schedule;
    private String scheduleSpec = DEFAULT_SCHEDULE;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long seed = DEFAULT_SEED;
    private StopCriteria stop = StopCriteria.epochs(StopCriteria.DEFAULT_MAX_EPOCHS);
    private int logEverySteps;
    private Precision precision = DEFAULT_PRECISION;

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

    /** Optimizer spec, e.g. {@code adam(lr=0.001)}, parsed here. */
    public Builder optimizer(String spec) {
      return optimizer(Optimizers.parse(spec));
    }

    /** The optimizer, parsed at the edge (a spec, plus options set on the object). */
    public Builder optimizer(Optimizer value) {
      this.optimizer = value;
      return this;
    }

    /**
     * Schedule spec, parsed once by {@link #build()}: a schedule without {@code lr} starts from
     * the optimizer's rate, which is known only then.
     */
    public Builder schedule(String spec) {
      this.scheduleSpec = spec;
      this.schedule = null;
      return this;
    }

    /** The schedule as an object (its base rate already chosen). */
    public Builder schedule(Schedule value) {
      this.schedule = value;
      this.scheduleSpec = null;
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
      Optimizer opt = optimizer != null ? optimizer : Optimizers.parse(DEFAULT_OPTIMIZER);
      Schedule sched = schedule != null ? schedule
          : Schedules.parse(scheduleSpec, opt.learningRate());
      Initializer init = initializer != null ? initializer
          : Initializer.defaultFor(network.hidden());
      return new TrainConfig(network, init, opt, sched, batchSize, seed, stop, logEverySteps,
          precision);
    }
  }
}
