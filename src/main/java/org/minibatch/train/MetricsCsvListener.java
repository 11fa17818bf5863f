package org.minibatch.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes {@code metrics.csv}: one row per logging window with
 * {@code step,epoch,loss,lr,grad_norm,seconds,rows,val_loss,val_accuracy}; the validation
 * columns are filled on the window that ends an epoch and empty otherwise. Flushed after every
 * window, so a killed run keeps what it had logged and a watcher sees progress. The writer is
 * closed at the end of training.
 */
public final class MetricsCsvListener implements TrainingListener {
  public static final String HEADER =
      "step,epoch,loss,lr,grad_norm,seconds,rows,val_loss,val_accuracy";

  private final Writer out;

  public MetricsCsvListener(Writer out) {
    this.out = out;
  }

  @Override
  public void onStart(Start start) {
    write(HEADER + "\n");
  }

  @Override
  public void onWindow(WindowMetrics w) {
    write(line(w));
    flush();
  }

  /** The whole history as a metrics file (e.g. after a resumed run). */
  public static void write(TrainingHistory history, Writer out) throws IOException {
    out.write(HEADER + "\n");
    for (WindowMetrics w : history.windows()) {
      out.write(line(w));
    }
  }

  private static String line(WindowMetrics w) {
    return w.step() + "," + w.epoch() + "," + w.loss() + "," + w.learningRate() + ","
        + w.gradNorm() + "," + w.seconds() + "," + w.rows() + ","
        + optional(w.validationLoss()) + "," + optional(w.validationAccuracy()) + "\n";
  }

  private void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics", e);
    }
  }

  @Override
  public void onEnd(TrainingResult result) {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics", e);
    }
  }

  private static String optional(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private void write(String line) {
    try {
      out.write(line);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics", e);
    }
  }
}
