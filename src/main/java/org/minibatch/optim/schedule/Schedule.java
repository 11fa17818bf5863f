package org.minibatch.optim.schedule;

import java.io.Serializable;

/**
 * A learning-rate schedule: a pure function of the step number, with no hidden state, so that a
 * resumed run gets exactly the rates an uninterrupted one would.
 *
 * <p>Schedules print as spec strings that {@link Schedules#parse} reads back to an equal schedule.
 */
public interface Schedule extends Serializable {

  /** The learning rate of step {@code step}, counting from 1. */
  double rate(long step);

  /** The spec string, e.g. {@code step(lr=0.1,gamma=0.5,every=1000)}. */
  @Override
  String toString();
}
