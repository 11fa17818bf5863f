package org.minibatch.train;

import java.io.Serializable;
import org.minibatch.optim.OptimizerState;

/**
 * The outcome of a run: final weights (for early stopping, those of the best epoch), which
 * criterion stopped it and why, the optimizer state at the end, history and timings.
 * {@code steps} is the number of steps taken, less one when a run that diverged keeps the
 * weights from before its latest update.
 */
public record TrainingResult(double[] params, StopReason stopReason, String stopDetail,
    long steps, int epochs, OptimizerState optimizerState, TrainingHistory history,
    Timings timings) implements Serializable {}
