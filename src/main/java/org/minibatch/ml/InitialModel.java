package org.minibatch.ml;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.Checkpoint;
import org.minibatch.train.TrainConfig;

/**
 * A fitted model that the next {@code fit} starts from ({@code setInitialModel}): its network,
 * for messages, its weights, and, when it was fitted in this JVM, the state its run ended in.
 * With that state and the same settings the fit continues the run (its optimizer state, its
 * place in the schedule and the data), as {@code train --resume} continues a checkpoint.
 */
record InitialModel(NetworkSpec spec, double[] weights, Checkpoint end) {

  static InitialModel of(NetworkSpec spec, double[] weights, NeuralNetTrainingSummary summary) {
    return new InitialModel(spec, weights, summary == null ? null : summary.end());
  }

  /**
   * The run to continue under {@code config}: a copy of the end state (the continued run
   * changes it), when there is one and it was made with the same settings.
   */
  Optional<Checkpoint> continuedUnder(TrainConfig config) {
    if (end == null || !end.signature().equals(Checkpoint.signature(config))) {
      return Optional.empty();
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      end.write(bytes);
      return Optional.of(Checkpoint.read(new ByteArrayInputStream(bytes.toByteArray()),
          "the initial model's run"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
