package org.minibatch.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every logging window and every epoch of a run, in order. */
public final class TrainingHistory implements Serializable, TrainingListener {
  private static final long serialVersionUID = 1L;

  private final List<WindowMetrics> windows = new ArrayList<>();
  private final List<EpochMetrics> epochs = new ArrayList<>();

  public List<WindowMetrics> windows() {
    return Collections.unmodifiableList(windows);
  }

  public List<EpochMetrics> epochs() {
    return Collections.unmodifiableList(epochs);
  }

  @Override
  public void onWindow(WindowMetrics window) {
    windows.add(window);
  }

  @Override
  public void onEpochEnd(EpochMetrics epoch) {
    epochs.add(epoch);
  }
}
