package org.minibatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.minibatch.train.StopCriteria.EarlyStoppingMetric;

/**
 * A checkpoint file kept from before the configuration and bookkeeping classes were reworked
 * (issue 15): it must still read, match the config's signature and resume to the very weights
 * an uninterrupted run reaches, then and now.
 */
class LegacyCheckpointTest {
  /** Step 21 of {@link #config()}, written by the code of commit 58d650f (format 1). */
  private static final String FIXTURE = "/checkpoints/format1-step21.ckpt";
  /** SHA-256 of the final weights of the uninterrupted run, measured at commit 58d650f. */
  private static final String FINAL_WEIGHTS =
      "a97657562f24f264260cb3ceee9e1174819e3e2195364d2c4eb4bc710319f215";

  static TrainConfig config() {
    return TrainConfig.builder(StopCriteriaTest.SPEC)
        .optimizer("adam(lr=0.01,beta2=0.99,weight_decay=0.001,clip_norm=5)")
        .schedule("warmup(steps=5,then=cosine(steps=40))").batchSize(24).seed(11)
        .logEverySteps(4)
        .stop(new StopCriteria(4, 0, 0, 0, 0, 0, 3, EarlyStoppingMetric.LOSS)).build();
  }

  @Test
  void aCheckpointFromBeforeTheReworkResumesBitIdentically() throws Exception {
    Checkpoint kept;
    try (InputStream in = LegacyCheckpointTest.class.getResourceAsStream(FIXTURE)) {
      kept = Checkpoint.read(in, FIXTURE);
    }
    TrainConfig config = config();
    assertEquals(Checkpoint.signature(config), kept.signature());
    assertEquals(21, kept.state().step());
    assertEquals(3, kept.state().epoch());
    assertEquals(1, kept.state().stepInEpoch());
    assertEquals(2, kept.state().history().epochs().size());

    TrainingResult uninterrupted = new Trainer(config).train(CheckpointTest.source());
    TrainingResult resumed = new Trainer(config).resume(CheckpointTest.source(), kept.state());
    assertEquals(FINAL_WEIGHTS, sha256(uninterrupted.params()));
    assertArrayEquals(uninterrupted.params(), resumed.params(), 0);
    assertEquals(40, resumed.steps());
    assertEquals(StopReason.MAX_EPOCHS, resumed.stopReason());
    assertEquals(uninterrupted.history().epochs().stream().map(EpochMetrics::trainLoss).toList(),
        resumed.history().epochs().stream().map(EpochMetrics::trainLoss).toList());
  }

  static String sha256(double[] values) throws NoSuchAlgorithmException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES);
    for (double v : values) {
      bytes.putDouble(v);
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
  }
}
