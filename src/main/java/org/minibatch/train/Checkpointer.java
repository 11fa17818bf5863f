package org.minibatch.train;

import java.util.function.Supplier;

/**
 * Decides when to save the training state and saves it. The trainer calls {@link #afterStep}
 * after every step, once the step is fully applied (so a checkpoint is always a consistent state
 * to resume from), and {@link #atEnd} when training has stopped. A diverged run saves nothing
 * more, so the last good checkpoint stays the newest.
 */
public interface Checkpointer {
  Checkpointer NONE = new Checkpointer() {
    @Override
    public void afterStep(long step, Supplier<TrainingState> state) {}

    @Override
    public void atEnd(TrainingState state) {}
  };

  /** Called after step {@code step}; {@code state} builds the snapshot only when needed. */
  void afterStep(long step, Supplier<TrainingState> state);

  /** Called once when training ends normally. */
  void atEnd(TrainingState state);
}
