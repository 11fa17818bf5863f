package org.minibatch.app;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.minibatch.data.DataReader;
import org.minibatch.ml.NeuralNetClassificationModel;
import org.minibatch.ml.NeuralNetRegressionModel;

/** A model directory written by {@code train}: a PipelineModel ending in the network. */
public record ModelFiles(PipelineModel pipeline, Transformer network) {

  /** Loads {@code dir} (a run directory or its {@code model/}). */
  public static ModelFiles load(String dir) {
    PipelineModel pipeline;
    try {
      pipeline = PipelineModel.load(dir.endsWith("/model") || dir.endsWith("/model/") ? dir
          : dir + "/model");
    } catch (RuntimeException e) {
      try {
        pipeline = PipelineModel.load(dir);
      } catch (RuntimeException again) {
        throw new IllegalArgumentException("no model at " + dir + " (expected a run directory"
            + " or its model/ written by 'minibatch train'): " + again.getMessage(), again);
      }
    }
    Transformer[] stages = pipeline.stages();
    Transformer last = stages[stages.length - 1];
    if (!(last instanceof NeuralNetClassificationModel)
        && !(last instanceof NeuralNetRegressionModel)) {
      throw new IllegalArgumentException("the model at " + dir + " does not end in a minibatch"
          + " network but in " + last.getClass().getSimpleName());
    }
    return new ModelFiles(pipeline, last);
  }

  public boolean classifier() {
    return network instanceof NeuralNetClassificationModel;
  }

  public int numFeatures() {
    return classifier() ? ((NeuralNetClassificationModel) network).numFeatures()
        : ((NeuralNetRegressionModel) network).numFeatures();
  }

  public int outputs() {
    return classifier() ? ((NeuralNetClassificationModel) network).numClasses()
        : ((NeuralNetRegressionModel) network).numTargets();
  }

  /** Applies the model after checking that the data has the model's feature count. */
  public Dataset<Row> transform(Dataset<Row> data, String where) {
    Row first = data.select(DataReader.FEATURES).head();
    int features = ((Vector) first.get(0)).size();
    if (features != numFeatures()) {
      throw new IllegalArgumentException(where + " has " + features + " features per row, but"
          + " the model was trained on " + numFeatures());
    }
    return pipeline.transform(data);
  }
}
