package org.minibatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minibatch.nn.NetworkSpec;

/** Pipelines written without Spark jobs read back with Spark's own {@code PipelineModel.load}. */
class ParamsFilesTest {

  @BeforeAll
  static void startSpark() {
    MlTestData.spark();
  }

  private static NeuralNetClassificationModel network(String featuresCol) {
    NetworkSpec spec = NetworkSpec.parse("4-6-3 tanh softmax");
    return NeuralNetClassificationModel.of(spec, BatchTransformTest.randomWeights(spec, 9))
        .setFeaturesCol(featuresCol);
  }

  @Test
  void aPipelineOfAParamsOnlyStageAndTheNetworkLoadsWithSparksReader(@TempDir Path dir)
      throws IOException {
    ElementwiseProduct scale = new ElementwiseProduct()
        .setScalingVec(Vectors.dense(0.5, 2, 1, 0.25)).setInputCol("features")
        .setOutputCol("scaled");
    NeuralNetClassificationModel net = network("scaled").setThresholds(new double[] {1, 2, 3});
    String path = dir.resolve("model").toString();
    ParamsFiles.savePipeline(path, List.of(scale, net), MlTestData.spark(), false);

    assertEquals(List.of("part-00000", "_SUCCESS"), List.of("part-00000", "_SUCCESS").stream()
        .filter(f -> Files.exists(dir.resolve("model/metadata").resolve(f))).toList());
    assertTrue(Files.exists(dir.resolve("model/stages/0_" + scale.uid() + "/metadata/part-00000")));
    assertTrue(Files.exists(dir.resolve("model/stages/1_" + net.uid() + "/data/weights.bin")));

    PipelineModel loaded = PipelineModel.load(path);
    Transformer[] stages = loaded.stages();
    assertEquals(2, stages.length);
    ElementwiseProduct scaleBack = assertInstanceOf(ElementwiseProduct.class, stages[0]);
    assertEquals(scale.uid(), scaleBack.uid());
    assertEquals(scale.getScalingVec(), scaleBack.getScalingVec());
    NeuralNetClassificationModel netBack =
        assertInstanceOf(NeuralNetClassificationModel.class, stages[1]);
    assertEquals(net.uid(), netBack.uid());
    assertArrayEquals(new double[] {1, 2, 3}, netBack.getThresholds(), 0);
    Dataset<Row> data = MlTestData.blobs(60, 4, 2);
    PipelineModel inMemory = new PipelineModel("p", new Transformer[] {scale, net});
    assertEquals(inMemory.transform(data).collectAsList(), loaded.transform(data).collectAsList());
  }

  @Test
  void otherStagesGoThroughTheirOwnWriterAndAnExistingPathNeedsOverwrite(@TempDir Path dir) {
    StandardScalerModel scaler = new StandardScaler().setInputCol("features")
        .setOutputCol("scaled").fit(MlTestData.blobs(30, 4, 3));
    String path = dir.resolve("model").toString();
    ParamsFiles.savePipeline(path, List.of(scaler, network("scaled")), MlTestData.spark(),
        false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ParamsFiles.savePipeline(path, List.of(network("features")), MlTestData.spark(),
            false));
    assertEquals("cannot save a model to " + path + ": it exists (overwrite to replace it)",
        e.getMessage());
    PipelineModel loaded = PipelineModel.load(path);
    StandardScalerModel back = assertInstanceOf(StandardScalerModel.class, loaded.stages()[0]);
    assertEquals(scaler.std(), back.std());

    ParamsFiles.savePipeline(path, List.of(network("features")), MlTestData.spark(), true);
    assertEquals(1, PipelineModel.load(path).stages().length, "replaced");
  }
}
