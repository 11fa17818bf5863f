package org.minibatch.train;

import java.io.Serializable;

/**
 * Where the time of a run went: computing gradients (for the distributed trainer, the Spark jobs:
 * broadcast, tasks and aggregation), the driver-side optimizer update, validation, and in total.
 */
public record Timings(double gradientSeconds, double updateSeconds, double validationSeconds,
    double totalSeconds) implements Serializable {}
