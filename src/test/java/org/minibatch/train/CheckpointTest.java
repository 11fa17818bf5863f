package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir
  Path dir;

  static final TrainConfig CONFIG = TrainConfig.builder(StopCriteriaTest.SPEC)
      .optimizer("adam(lr=0.01)").batchSize(24)
      .seed(11).logEverySteps(4).maxEpochs(4).build();

  static LocalGradientSource source() {
    return new LocalGradientSource(StopCriteriaTest.SPEC,
        List.of(StopCriteriaTest.blobs(240, 1, false)), StopCriteriaTest.blobs(30, 2, false));
  }

  /** Saves like {@link Checkpoints}, then dies after step {@code crashAt} like a killed JVM. */
  static final class Crash implements Checkpointer {
    private final Checkpoints inner;
    private final long crashAt;

    Crash(Checkpoints inner, long crashAt) {
      this.inner = inner;
      this.crashAt = crashAt;
    }

    @Override
    public void afterStep(long step, Supplier<TrainingState> state) {
      inner.afterStep(step, state);
      if (step == crashAt) {
        throw new IllegalStateException("killed");
      }
    }

    @Override
    public void atEnd(TrainingState state) {
      inner.atEnd(state);
    }
  }

  @Test
  void resumeFromTheLastCheckpointIsBitIdenticalToAnUninterruptedRun() throws IOException {
    TrainingResult uninterrupted = new Trainer(CONFIG).train(source());
    CheckpointStore store = CheckpointStore.local(dir);
    Checkpoints checkpoints = new Checkpoints(store, CONFIG, 7, 0, 3);
    // step 23 is in epoch 3, two steps after the checkpoint of step 21
    assertThrows(IllegalStateException.class,
        () -> new Trainer(CONFIG).checkpointer(new Crash(checkpoints, 23)).train(source()));
    Checkpoint last = Checkpoints.loadNewest(store, CONFIG).orElseThrow();
    assertEquals(21, last.state().step());
    assertEquals(3, last.state().epoch());
    assertEquals(1, last.state().stepInEpoch());
    TrainingResult resumed = new Trainer(CONFIG).checkpointer(checkpoints)
        .resume(source(), last.state());
    assertArrayEquals(uninterrupted.params(), resumed.params(), 0);
    assertEquals(uninterrupted.steps(), resumed.steps());
    assertEquals(losses(uninterrupted), losses(resumed));
    assertEquals(StopReason.MAX_EPOCHS, resumed.stopReason());
  }

  /** Per epoch: step, train loss, validation loss and accuracy (not the seconds). */
  private static List<List<Double>> losses(TrainingResult r) {
    return r.history().epochs().stream().map(e -> List.of((double) e.step(), e.trainLoss(),
        e.validationLoss(), e.validationAccuracy())).toList();
  }

  @Test
  void keepsTheNewestAndSkipsDamagedOnesWithAWarning() throws IOException {
    CheckpointStore store = CheckpointStore.local(dir);
    new Trainer(CONFIG).checkpointer(new Checkpoints(store, CONFIG, 5, 0, 2)).train(source());
    // 40 steps: saved at 5..40 every 5 and at the end (40); the two newest remain
    assertEquals(List.of("step-000000000035.ckpt", "step-000000000040.ckpt"), store.list());
    Path newest = dir.resolve("step-000000000040.ckpt");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(newest, bytes);
    assertEquals(35, Checkpoints.loadNewest(store, CONFIG).orElseThrow().state().step());
    Files.write(newest, java.util.Arrays.copyOf(bytes, 100));
    assertEquals(35, Checkpoints.loadNewest(store, CONFIG).orElseThrow().state().step());
  }

  @Test
  void aTruncatedCheckpointLeftByACrashIsDeletedAndNeverCountsAsKept() throws IOException {
    CheckpointStore store = CheckpointStore.local(dir);
    Checkpoints checkpoints = new Checkpoints(store, CONFIG, 0, 0, 1);
    TrainingState state = new TrainingState(new double[] {1, 2});
    state.step = 30;
    checkpoints.save(state);
    // a crash while step 40 was being written left it truncated under its final name
    Files.write(dir.resolve("step-000000000040.ckpt"), new byte[10]);
    assertEquals(30, Checkpoints.loadNewest(store, CONFIG).orElseThrow().state().step());
    state.step = 35;
    checkpoints.save(state);
    assertEquals(List.of("step-000000000035.ckpt"), store.list());
    assertEquals(35, Checkpoints.loadNewest(store, CONFIG).orElseThrow().state().step());
  }

  @Test
  void damagedCheckpointsSayWhatIsWrong() throws IOException {
    CheckpointStore store = CheckpointStore.local(dir);
    new Checkpoints(store, CONFIG, 0, 0, 1).save(new TrainingState(new double[] {1, 2}));
    Path file = dir.resolve("step-000000000000.ckpt");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    assertEquals(file + " is truncated", assertThrows(
        Checkpoint.CorruptCheckpointException.class,
        () -> Checkpoint.read(Files.newInputStream(file), file.toString())).getMessage());
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);
    assertEquals(file + " fails its checksum (corrupted)", assertThrows(
        Checkpoint.CorruptCheckpointException.class,
        () -> Checkpoint.read(Files.newInputStream(file), file.toString())).getMessage());
  }

  /**
   * The payload streams through the deserializer before its CRC is known: a damaged array
   * length is refused before the array is allocated (here 16 GB), and the file reported as
   * failing its checksum.
   */
  @Test
  void aDamagedArrayLengthIsRefusedBeforeItIsAllocated() throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new Checkpoint("sig", new TrainingState(new double[] {1.5, 2.5, 3.5})).write(out);
    byte[] bytes = out.toByteArray();
    byte[] values = java.nio.ByteBuffer.allocate(16).putInt(3).putDouble(1.5).array();
    int at = indexOf(bytes, java.util.Arrays.copyOf(values, 12));
    assertTrue(at > 0, "the parameters' length and first value are in the payload");
    bytes[at] = 0x7f;
    bytes[at + 3] = (byte) 0xf0;
    assertEquals("damaged fails its checksum (corrupted)", assertThrows(
        Checkpoint.CorruptCheckpointException.class,
        () -> Checkpoint.read(new java.io.ByteArrayInputStream(bytes), "damaged")).getMessage());
    // and an intact one reads back
    assertArrayEquals(new double[] {1.5, 2.5, 3.5}, Checkpoint.read(
        new java.io.ByteArrayInputStream(out.toByteArray()), "intact").state().params(), 0);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aCheckpointOfAnotherConfigIsRefused() throws IOException {
    CheckpointStore store = CheckpointStore.local(dir);
    new Checkpoints(store, CONFIG, 0, 0, 1).save(new TrainingState(new double[] {1}));
    TrainConfig other = CONFIG.toBuilder().seed(12).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoints.loadNewest(store, other));
    assertTrue(e.getMessage().contains("was made with a different config"), e.getMessage());
    assertTrue(e.getMessage().contains("seed=11; precision=float32; now: "), e.getMessage());
  }

  @Test
  void aCheckpointOfTheOldSparseLayoutSaysWhyAndWhatToDo() throws IOException {
    CheckpointStore store = CheckpointStore.local(dir);
    new Checkpoints(store, CONFIG, 0, 0, 1).save(new TrainingState(new double[] {1}));
    TrainConfig byInput = TrainConfig.builder(CONFIG.network().withFirstLayerByInput(true))
        .optimizer("adam(lr=0.01)").batchSize(24).seed(11).logEverySteps(4).maxEpochs(4)
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoints.loadNewest(store, byInput));
    assertTrue(e.getMessage().contains("by_input; init="), e.getMessage());
    assertTrue(e.getMessage().endsWith(". The checkpoint stores the first layer by hidden unit,"
        + " as runs on sparse rows did before they stored it by input column (by_input); it"
        + " cannot continue in the new layout: start the run again (an estimator's"
        + " setInitialModel takes a saved model of either layout)"), e.getMessage());
    TrainConfig alsoAnotherSeed = TrainConfig.builder(byInput.network())
        .optimizer("adam(lr=0.01)").batchSize(24).seed(12).build();
    String other = assertThrows(IllegalArgumentException.class,
        () -> Checkpoints.loadNewest(store, alsoAnotherSeed)).getMessage();
    assertTrue(other.endsWith("seed=12; precision=float32"), "no hint: " + other);
  }

  @Test
  void nothingIsLeftHalfWritten() throws IOException {
    CheckpointStore failing = new CheckpointStore() {
      final CheckpointStore inner = CheckpointStore.local(dir);

      @Override
      public List<String> list() throws IOException {
        return inner.list();
      }

      @Override
      public OutputStream create(String name) throws IOException {
        OutputStream out = inner.create(name);
        return new OutputStream() {
          int written;

          @Override
          public void write(int b) throws IOException {
            if (++written > 50) {
              throw new IOException("disk full");
            }
            out.write(b);
          }

          @Override
          public void close() throws IOException {
            out.close();
          }
        };
      }

      @Override
      public java.io.InputStream open(String name) throws IOException {
        return inner.open(name);
      }

      @Override
      public void delete(String name) throws IOException {
        inner.delete(name);
      }

      @Override
      public String describe(String name) {
        return inner.describe(name);
      }
    };
    assertThrows(java.io.UncheckedIOException.class,
        () -> new Checkpoints(failing, CONFIG, 0, 0, 1).save(new TrainingState(new double[3])));
    assertTrue(Checkpoints.loadNewest(CheckpointStore.local(dir), CONFIG).isEmpty());
    assertEquals(List.of(), CheckpointStore.local(dir).list(), "the partial file is removed");
  }
}
