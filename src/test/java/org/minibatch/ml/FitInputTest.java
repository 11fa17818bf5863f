package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/**
 * What fit does with its input: reads it once, leaves no cache behind, honours precision and
 * the rows' storage.
 */
class FitInputTest {

  /** The blobs, each row counted as the source hands it out. */
  private static Dataset<Row> counted(int rows, LongAccumulator reads) {
    Dataset<Row> blobs = MlTestData.blobs(rows, 4, 3);
    List<Row> local = blobs.collectAsList();
    JavaRDD<Row> source = JavaSparkContext.fromSparkContext(MlTestData.spark().sparkContext())
        .parallelize(local, 3).map(r -> {
          reads.add(1);
          return r;
        });
    return MlTestData.spark().createDataFrame(source, blobs.schema());
  }

  @Test
  void fitReadsItsInputOnceAndUnpersistsIt() {
    LongAccumulator reads = MlTestData.spark().sparkContext().longAccumulator("reads");
    Dataset<Row> data = counted(300, reads);
    int cachedBefore = MlTestData.spark().sparkContext().getPersistentRDDs().size();
    new NeuralNetClassifier().setHiddenLayers(8).setMaxEpochs(2).setBatchSize(32)
        .setNumPartitions(3).fit(data);
    assertEquals(300, reads.value(), "one pass over the source");
    assertEquals(cachedBefore, MlTestData.spark().sparkContext().getPersistentRDDs().size(),
        "nothing left cached");

    // a frame the caller persisted is used as it is, and stays persisted
    reads.reset();
    Dataset<Row> mine = counted(300, reads).persist(StorageLevel.MEMORY_ONLY());
    mine.count();
    new NeuralNetClassifier().setHiddenLayers(8).setMaxEpochs(1).setNumPartitions(3).fit(mine);
    assertEquals(300, reads.value());
    assertFalse(mine.storageLevel().equals(StorageLevel.NONE()));
    mine.unpersist();
  }

  /**
   * {@code sparse} chooses CSR or dense rows, and with CSR the first layer's layout; both
   * train the same network, and a warm start from the other layout is converted.
   */
  @Test
  void sparseChoosesHowTheRowsAreCachedAndTheFirstLayersLayout(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    Dataset<Row> data = MlTestData.blobs(300, 4, 5);
    NeuralNetClassifier nn = new NeuralNetClassifier().setHiddenLayers(8).setMaxEpochs(2)
        .setBatchSize(32).setNumPartitions(2).setPrecision("float64");
    assertEquals("auto", nn.getSparse());
    NeuralNetClassificationModel dense = nn.fit(data);
    NeuralNetClassificationModel csr = nn.setSparse("true").fit(data);
    assertFalse(dense.summary().sparseFeatures(), "auto keeps 4 features dense");
    assertTrue(csr.summary().sparseFeatures());
    assertEquals(dense.network() + " by_input", csr.network());
    assertArrayEquals(dense.weights(), csr.spec().convert(csr.weights(), dense.spec()), 1e-9);
    String saved = dir.resolve("csr").toString();
    csr.save(saved);
    NeuralNetClassificationModel loaded = NeuralNetClassificationModel.load(saved);
    assertEquals(csr.network(), loaded.network(), "the layout is saved with the network");
    assertArrayEquals(csr.weights(), loaded.weights(), 0);

    // a dense model's weights start a CSR fit transposed (its run cannot continue: another
    // network), as those weights given transposed do
    NeuralNetClassificationModel warm = nn.setMaxEpochs(1).setInitialModel(dense).fit(data);
    NeuralNetClassificationModel given = new NeuralNetClassifier().setHiddenLayers(8)
        .setMaxEpochs(1).setBatchSize(32).setNumPartitions(2).setPrecision("float64")
        .setSparse("true").setInitialWeights(org.apache.spark.ml.linalg.Vectors.dense(
            dense.spec().convert(dense.weights(), csr.spec()))).fit(data);
    assertEquals(csr.network(), warm.network());
    assertArrayEquals(given.weights(), warm.weights(), 0);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> nn.setSparse("yes"));
    assertEquals(nn.uid() + " parameter sparse given invalid value 'yes': must be auto, true"
        + " or false", e.getMessage());
  }

  @Test
  void precisionChoosesTheStepsArithmetic() {
    Dataset<Row> data = MlTestData.blobs(300, 4, 5);
    NeuralNetClassifier nn = new NeuralNetClassifier().setHiddenLayers(8).setMaxEpochs(3)
        .setBatchSize(32).setNumPartitions(2);
    assertEquals("float32", nn.getPrecision());
    double[] float32 = nn.fit(data).weights();
    double[] float64 = nn.setPrecision("float64").fit(data).weights();
    assertNotEquals(Arrays.toString(float32), Arrays.toString(float64));
    for (int i = 0; i < float32.length; i++) {
      assertEquals(float64[i], float32[i], 1e-3, "weight " + i);
    }
  }
}
