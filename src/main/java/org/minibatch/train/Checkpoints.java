package org.minibatch.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.minibatch.nn.NetworkSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of one run in a {@link CheckpointStore}: written every {@code everySteps} steps
 * and/or {@code everySeconds} seconds and at the end, keeping the newest {@code keep}.
 *
 * <p>Each is written straight under its final name, with no rename: object stores (S3 through
 * s3a) have no atomic rename (theirs copies, then deletes), and on them an object appears only
 * once its stream closes, complete. On a file system, a crash mid-write can leave a truncated
 * newest file; every checkpoint carries a CRC, and {@link #loadNewest} takes the newest one that
 * reads back intact, skipping damaged ones with a warning that names them. Old checkpoints are
 * deleted only after the new one is closed, so an intact one always remains.
 */
public final class Checkpoints implements Checkpointer {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  private static final String PREFIX = "step-";
  private static final String SUFFIX = ".ckpt";

  private final CheckpointStore store;
  private final String signature;
  private final long everySteps;
  private final double everySeconds;
  private final int keep;
  private long lastSaveNanos = System.nanoTime();

  public Checkpoints(CheckpointStore store, TrainConfig config, long everySteps,
      double everySeconds, int keep) {
    if (everySteps < 0 || everySeconds < 0) {
      throw new IllegalArgumentException("checkpoint intervals must be >= 0, got every "
          + everySteps + " steps and " + everySeconds + " s");
    }
    if (keep < 1) {
      throw new IllegalArgumentException("checkpoint.keep must be >= 1, got " + keep);
    }
    this.store = store;
    this.signature = Checkpoint.signature(config);
    this.everySteps = everySteps;
    this.everySeconds = everySeconds;
    this.keep = keep;
  }

  @Override
  public void afterStep(long step, Supplier<TrainingState> state) {
    boolean byStep = everySteps > 0 && step % everySteps == 0;
    boolean byTime = everySeconds > 0
        && (System.nanoTime() - lastSaveNanos) / 1e9 >= everySeconds;
    if (byStep || byTime) {
      save(state.get());
    }
  }

  @Override
  public void atEnd(TrainingState state) {
    save(state);
  }

  /** Writes {@code state} as the checkpoint of its step and prunes old ones. */
  public void save(TrainingState state) {
    String name = String.format(Locale.ROOT, "%s%012d%s", PREFIX, state.step, SUFFIX);
    try {
      List<String> before = checkpointNames(store);
      try (OutputStream out = store.create(name)) {
        new Checkpoint(signature, state).write(out);
      } catch (IOException e) {
        if (!before.contains(name)) {
          deleteQuietly(name, e);
        }
        throw e;
      }
      prune(before, name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + store.describe(name), e);
    }
    lastSaveNanos = System.nanoTime();
  }

  /**
   * Deletes all but the newest {@code keep} checkpoints up to {@code newest} (just written; the
   * others as listed before it was), and every one after
   * it: those are what a crashed run left half-written (a resume starts from the newest intact
   * one, so anything newer did not read back), and counting them as kept would delete the good
   * ones.
   */
  private void prune(List<String> before, String newest) throws IOException {
    List<String> upTo = new ArrayList<>();
    for (String n : before) {
      if (n.compareTo(newest) > 0) {
        store.delete(n);
      } else if (!n.equals(newest)) {
        upTo.add(n);
      }
    }
    upTo.add(newest);
    for (int i = 0; i < upTo.size() - keep; i++) {
      store.delete(upTo.get(i));
    }
  }

  /** Removes what a failed write left; a failure to do so is added to {@code cause}. */
  private void deleteQuietly(String name, IOException cause) {
    try {
      store.delete(name);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  /** Checkpoint file names in the store, oldest first. */
  static List<String> checkpointNames(CheckpointStore store) throws IOException {
    List<String> names = new ArrayList<>();
    for (String n : store.list()) {
      if (n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
        names.add(n);
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * Why a checkpoint whose network differs only in not storing its first layer by input column
   * does not resume: runs on sparse rows made before that layout (stop 31) saved such files.
   */
  private static String layoutHint(String saved, TrainConfig config) {
    NetworkSpec network = config.network();
    if (!network.firstLayerByInput()) {
      return "";
    }
    TrainConfig byHiddenUnit = new TrainConfig(network.withFirstLayerByInput(false),
        config.initializer(), config.optimizer(), config.schedule(), config.batchSize(),
        config.seed(), config.stop(), config.logEverySteps(), config.precision());
    if (!Checkpoint.signature(byHiddenUnit).equals(saved)) {
      return "";
    }
    return ". The checkpoint stores the first layer by hidden unit, as runs on sparse rows did"
        + " before they stored it by input column (by_input); it cannot continue in the new"
        + " layout: start the run again (an estimator's setInitialModel takes a saved model of"
        + " either layout)";
  }

  /**
   * The newest checkpoint in {@code store} that is intact and was made with {@code config}'s
   * signature; damaged ones are skipped with a warning naming them.
   */
  public static Optional<Checkpoint> loadNewest(CheckpointStore store, TrainConfig config)
      throws IOException {
    List<String> names = checkpointNames(store);
    String expected = Checkpoint.signature(config);
    for (int i = names.size() - 1; i >= 0; i--) {
      String name = names.get(i);
      Checkpoint checkpoint;
      try (InputStream in = store.open(name)) {
        checkpoint = Checkpoint.read(in, store.describe(name));
      } catch (Checkpoint.CorruptCheckpointException e) {
        LOG.warn("skipping checkpoint: {}", e.getMessage());
        continue;
      }
      if (!checkpoint.signature().equals(expected)) {
        throw new IllegalArgumentException("checkpoint " + store.describe(name)
            + " was made with a different config: " + checkpoint.signature() + "; now: "
            + expected + layoutHint(checkpoint.signature(), config));
      }
      return Optional.of(checkpoint);
    }
    return Optional.empty();
  }
}
