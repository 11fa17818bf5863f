package org.minibatch.ml;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.minibatch.examples.PackageTextExample;

/**
 * Real text through {@code StringIndexer -> Tokenizer -> HashingTF(2^20) ->
 * NeuralNetClassifier}: the descriptions of the Debian packages installed on this machine
 * (dpkg's status file), labelled with their section. The classifier caches exactly the hashed
 * counts' non-zeros (CSR, not 2^20 floats a row), beats the largest section's share clearly, and
 * predicts the 2^20-feature rows without densifying them: a dense chunk of them would be 8 GB,
 * twice this JVM's heap.
 */
class TextPipelineIT {
  @Test
  void hashedTextTrainsAndPredictsSparse() throws Exception {
    List<PackageTextExample.Package> packages =
        PackageTextExample.read(Path.of("/var/lib/dpkg/status"));
    assertTrue(packages.size() > 300, "dpkg lists " + packages.size() + " packages");
    Dataset<Row> all = PackageTextExample.frame(MlTestData.spark(), packages, 25).cache();
    Dataset<Row> train = all.where(abs(hash(col("name"))).mod(5).notEqual(0));
    Dataset<Row> test = all.where(abs(hash(col("name"))).mod(5).equalTo(0));

    PipelineModel model = PackageTextExample.pipeline(8).fit(train);
    NeuralNetClassificationModel nn = (NeuralNetClassificationModel) model.stages()[3];
    assertEquals(PackageTextExample.FEATURES, nn.numFeatures());
    assertTrue(nn.summary().sparseFeatures());
    Dataset<Row> hashed = new PipelineModel("features", java.util.Arrays.copyOf(model.stages(),
        3)).transform(train);
    long nonZeros = hashed.select("features").collectAsList().stream()
        .mapToLong(r -> ((Vector) r.get(0)).numNonzeros()).sum();
    assertEquals(nonZeros, nn.summary().cachedFeatureValues());

    Dataset<Row> predicted = model.transform(test).cache();
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(predicted);
    double largest = test.groupBy("section").count().orderBy(col("count").desc()).head()
        .getLong(1) / (double) test.count();
    System.out.printf("text pipeline: %d packages, test accuracy %.4f, largest section %.4f%n",
        all.count(), accuracy, largest);
    assertTrue(accuracy > largest + 0.08, "accuracy " + accuracy + " against the largest"
        + " section's share " + largest);

    Row first = predicted.select("features", "prediction", "rawPrediction").head();
    assertTrue(first.get(0) instanceof SparseVector);
    assertEquals(first.getDouble(1), nn.predict((Vector) first.get(0)), 0);
    // one row and transform's chunk take different BLAS kernels above the sparse first layer
    assertArrayEquals(((Vector) first.get(2)).toArray(),
        nn.predictRaw((Vector) first.get(0)).toArray(), ModelRuntimeTest.LOGIT_TOLERANCE);
    predicted.unpersist();
    all.unpersist();
  }
}
