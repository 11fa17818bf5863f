package org.minibatch.train;

import java.io.Serializable;
import org.minibatch.optim.OptimizerState;

/**
 * The outcome of a run: final weights (for early stopping, those of the best epoch), which
 * criterion stopped it and why, the optimizer state at the end, history and timings.
 * {@code steps} counts the updates in {@code params}: for a run that diverged, whose weights
 * are those before its latest update, one fewer than it took.
 */
public record TrainingResult(double[] params, StopReason stopReason, String stopDetail,
    long steps, int epochs, OptimizerState optimizerState, TrainingHistory history,
    Timings timings) implements Serializable {}
