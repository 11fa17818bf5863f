package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.spark.HadoopCheckpointStore;

/**
 * Checkpoints on a store with S3A's semantics ({@link ObjectStoreFileSystem}: rename fails, an
 * object appears only when closed), through the Hadoop store a run uses for {@code run.dir}.
 */
class ObjectStoreCheckpointTest {
  @TempDir
  Path dir;

  private CheckpointStore store() throws IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.objstore.impl", ObjectStoreFileSystem.class.getName());
    conf.setBoolean("fs.objstore.impl.disable.cache", true);
    return new HadoopCheckpointStore("objstore://" + dir.resolve("checkpoints"), conf);
  }

  @Test
  void theStoreReallyHasNoRename() throws IOException {
    Configuration conf = new Configuration(false);
    conf.set("fs.objstore.impl", ObjectStoreFileSystem.class.getName());
    org.apache.hadoop.fs.Path a = new org.apache.hadoop.fs.Path("objstore://" + dir + "/a");
    assertThrows(UnsupportedOperationException.class,
        () -> a.getFileSystem(conf).rename(a, new org.apache.hadoop.fs.Path(a.getParent(), "b")));
  }

  @Test
  void aCrashedRunResumesBitIdenticallyFromAStoreWithoutRename() throws IOException {
    TrainingResult uninterrupted = new Trainer(CheckpointTest.CONFIG)
        .train(CheckpointTest.source());
    CheckpointStore store = store();
    Checkpoints checkpoints = new Checkpoints(store, CheckpointTest.CONFIG, 7, 0, 2);
    assertThrows(IllegalStateException.class, () -> new Trainer(CheckpointTest.CONFIG)
        .checkpointer(new CheckpointTest.Crash(checkpoints, 23)).train(CheckpointTest.source()));
    assertEquals(java.util.List.of("step-000000000014.ckpt", "step-000000000021.ckpt"),
        store.list(), "only complete checkpoints, the newest two");
    Checkpoint last = Checkpoints.loadNewest(store, CheckpointTest.CONFIG).orElseThrow();
    assertEquals(21, last.state().step());
    TrainingResult resumed = new Trainer(CheckpointTest.CONFIG).checkpointer(checkpoints)
        .resume(CheckpointTest.source(), last.state());
    assertArrayEquals(uninterrupted.params(), resumed.params(), 0);
    assertEquals(uninterrupted.steps(), resumed.steps());
  }

  @Test
  void aCheckpointStillBeingWrittenIsInvisibleAndTheOneBeforeIsUsed() throws IOException {
    CheckpointStore store = store();
    new Trainer(CheckpointTest.CONFIG)
        .checkpointer(new Checkpoints(store, CheckpointTest.CONFIG, 10, 0, 2))
        .train(CheckpointTest.source());
    OutputStream unfinished = store.create("step-000000000050.ckpt");
    unfinished.write(new byte[4096]);
    assertEquals(40, Checkpoints.loadNewest(store, CheckpointTest.CONFIG).orElseThrow()
        .state().step());
    assertTrue(store.list().stream().noneMatch(n -> n.contains("50")), store.list().toString());
  }
}
