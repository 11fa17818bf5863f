package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.data.DataFormat;
import org.minibatch.data.DataReader;
import org.minibatch.data.DataSource;
import org.minibatch.data.InvalidDataException;
import org.minibatch.data.RowsByIndex;
import org.minibatch.nn.NetworkSpec;

/**
 * Rows read by position must give exactly the blocks the shuffle gives: the same rows in each
 * partition, in the same order, with the same float32 values after scaling, held-out rows
 * included. Otherwise a seed would train differently depending on the format's path.
 */
class BlocksByIndexTest {
  private static final int ROWS = 1_500;
  private static final int SIDE = 5;
  private static final double PIXEL = 1.0 / 255;

  @TempDir
  Path dir;

  /** An IDX pair of random 5x5 images with labels 0..classes-1 (one label may be bigger). */
  private DataSource idx(int classes, int badRow) throws IOException {
    Random random = new Random(11);
    Path images = dir.resolve("x-images-idx3-ubyte.gz");
    Path labels = dir.resolve("x-labels-idx1-ubyte.gz");
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(
        Files.newOutputStream(images)))) {
      out.writeInt(0x803);
      out.writeInt(ROWS);
      out.writeInt(SIDE);
      out.writeInt(SIDE);
      byte[] pixels = new byte[ROWS * SIDE * SIDE];
      random.nextBytes(pixels);
      out.write(pixels);
    }
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(
        Files.newOutputStream(labels)))) {
      out.writeInt(0x801);
      out.writeInt(ROWS);
      for (int r = 0; r < ROWS; r++) {
        out.writeByte(r == badRow ? classes : random.nextInt(classes));
      }
    }
    return DataSource.of(DataFormat.IDX, images.toString());
  }

  private static final NetworkSpec NET = NetworkSpec.parse("25-4-3 relu softmax");

  private static List<PartitionData> blocks(CachedData data) {
    List<PartitionData> parts = data.blocks().collect().stream()
        .sorted(Comparator.comparingInt(PartitionData::partition)).toList();
    data.close();
    return parts;
  }

  private static CachedData shuffled(DataSource source, CachedData.Layout layout) {
    return CachedData.cacheAll(List.of(shuffledPlan(source, layout))).get(0);
  }

  private static CachedData.Plan shuffledPlan(DataSource source, CachedData.Layout layout) {
    Dataset<Row> frame = DataReader.read(LocalSpark.session(), source, layout.skipInvalid());
    double[] scale = new double[SIDE * SIDE];
    Arrays.fill(scale, PIXEL);
    Dataset<Row> scaled = new ElementwiseProduct().setScalingVec(Vectors.dense(scale))
        .setInputCol(DataReader.FEATURES).setOutputCol("scaled").transform(frame);
    return CachedData.plan(scaled, "scaled", DataReader.LABEL, NET, layout);
  }

  private static CachedData byIndex(DataSource source, CachedData.Layout layout) {
    RowsByIndex rows = DataReader.byIndex(LocalSpark.session(), source).orElseThrow();
    return CachedData.fromRowsByIndex(LocalSpark.context(), rows.scaled(PIXEL), NET, layout);
  }

  private static void assertSameBlocks(List<PartitionData> expected, List<PartitionData> actual) {
    assertEquals(expected.size(), actual.size());
    for (int p = 0; p < expected.size(); p++) {
      PartitionData e = expected.get(p);
      PartitionData a = actual.get(p);
      assertEquals(e.partition(), a.partition());
      assertEquals(e.train().rows(), a.train().rows(), "training rows of partition " + p);
      assertEquals(e.validation().rows(), a.validation().rows(), "held out in partition " + p);
      assertArrayEquals(e.train().features(), a.train().features(), "partition " + p);
      assertArrayEquals(e.train().targets(), a.train().targets(), "partition " + p);
      assertArrayEquals(e.validation().features(), a.validation().features());
      assertArrayEquals(e.validation().targets(), a.validation().targets());
      assertEquals(e.counts().skipped(), a.counts().skipped());
      assertEquals(e.counts().firstSkippedRow(), a.counts().firstSkippedRow());
      assertEquals(e.counts().firstSkipped(), a.counts().firstSkipped());
    }
  }

  @Test
  void sameBlocksAsTheShuffleWithHeldOutRows() throws IOException {
    DataSource source = idx(3, -1);
    CachedData.Layout layout = new CachedData.Layout(3, 0.2, 42);
    List<PartitionData> expected = blocks(shuffled(source, layout));
    List<PartitionData> actual = blocks(byIndex(source, layout));
    assertSameBlocks(expected, actual);
    int heldOut = actual.stream().mapToInt(p -> p.validation().rows()).sum();
    assertTrue(heldOut > 200 && heldOut < 400, "about a fifth held out, got " + heldOut);
    // the values are the scaled pixels themselves, not merely equal between the two paths
    float first = actual.get(0).train().features()[0];
    assertEquals(0f, first * 255 % 1, 1e-4);
  }

  @Test
  void plansCachedInOneJobKeepTheirOwnPartitions() throws IOException {
    // co-partitioned shuffles (same partitioner) would be zipped by a plain union
    DataSource source = idx(3, -1);
    CachedData.Layout heldOut = new CachedData.Layout(3, 0.2, 42);
    CachedData.Layout whole = new CachedData.Layout(3, 0, 42);
    List<CachedData> all = CachedData.cacheAll(List.of(shuffledPlan(source, heldOut),
        shuffledPlan(source, whole)));
    assertEquals(2, all.size());
    assertArrayEquals(new int[] {0, 0, 0}, all.get(1).validationRows());
    assertTrue(all.get(0).totalValidationRows() > 200);
    assertEquals(ROWS, all.get(0).totalTrainRows() + all.get(0).totalValidationRows());
    assertEquals(ROWS, all.get(1).totalTrainRows());
    List<PartitionData> wholeBlocks = blocks(all.get(1));
    assertSameBlocks(blocks(shuffled(source, heldOut)), blocks(all.get(0)));
    assertSameBlocks(wholeBlocks, blocks(byIndex(source, whole)));
  }

  @Test
  void aFileRewrittenAfterTheDriverLookedFailsTheTasks() throws IOException {
    DataSource source = idx(3, -1);
    RowsByIndex rows = DataReader.byIndex(LocalSpark.session(), source).orElseThrow();
    Path images = Path.of(source.path());
    Files.setLastModifiedTime(images, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(images).toMillis() + 60_000));
    InvalidDataException e = assertThrows(InvalidDataException.class, () -> blocks(
        CachedData.fromRowsByIndex(LocalSpark.context(), rows, NET,
            new CachedData.Layout(2, 0, 1))));
    assertTrue(e.getMessage().startsWith(source.path() + " or " + source.labelsPath()
        + " changed after the job started"), e.getMessage());
  }

  @Test
  void sameBlocksOnManyPartitionsSomeEmpty() throws IOException {
    // more partitions than Spark's default coalescing limits, with rows to spare in few of them
    DataSource source = idx(3, -1);
    CachedData.Layout layout = new CachedData.Layout(37, 0, 7);
    List<PartitionData> actual = blocks(byIndex(source, layout));
    assertSameBlocks(blocks(shuffled(source, layout)), actual);
    assertEquals(ROWS, actual.stream().mapToInt(p -> p.train().rows()).sum());
  }

  @Test
  void anInvalidLabelFailsWithItsRowOrIsSkippedAndCounted() throws IOException {
    DataSource source = idx(3, 700);
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> blocks(byIndex(source, new CachedData.Layout(4, 0, 1))));
    assertEquals("row 700: label 3.0 is not a class index: expected an integer in 0..2",
        e.getMessage());
    CachedData.Layout skip = new CachedData.Layout(4, 0.1, 1, true);
    List<PartitionData> actual = blocks(byIndex(source, skip));
    assertSameBlocks(blocks(shuffled(source, skip)), actual);
    assertEquals(1, actual.stream().mapToInt(p -> p.counts().skipped()).sum());
    assertEquals(ROWS - 1, actual.stream()
        .mapToInt(p -> p.train().rows() + p.validation().rows()).sum());
  }
}
