package org.minibatch.ml;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.minibatch.nn.Backprop;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.nn.SparseRows;

/**
 * What a fitted model keeps for prediction besides its weights, created on first use and never
 * saved: a network with scratch buffers per calling thread, so {@code predict(vector)} allocates
 * nothing but its answer (a wide network's rows go through the sparse first layer, never
 * densified, as in {@code transform}), and one broadcast of the weights per Spark context for every
 * {@code transform} of the model (a streaming job that transforms each micro-batch reuses it;
 * Spark's context cleaner removes it once the model is unreachable).
 */
final class ModelRuntime {
  private final NetworkSpec spec;
  private final double[] weights;
  private final ThreadLocal<Backprop> networks;
  private final ThreadLocal<SparseRows> sparseRows = ThreadLocal.withInitial(SparseRows::new);
  private Broadcast<double[]> broadcast;
  private SparkContext broadcastContext;

  ModelRuntime(NetworkSpec spec, double[] weights) {
    this.spec = spec;
    this.weights = weights;
    this.networks = ThreadLocal.withInitial(() -> new Backprop(spec));
  }

  /**
   * The network's outputs for one row, written into a new array (logits for a softmax
   * network, predictions for an identity one).
   */
  double[] outputs(Vector features) {
    if (features.size() != spec.inputs()) {
      throw new IllegalArgumentException("features hold " + features.size() + " values, but"
          + " the model was trained on " + spec.inputs());
    }
    double[] out;
    if (BatchPredictor.csrInput(spec)) {
      SparseRows row = sparseRows.get();
      row.clear();
      BatchPredictor.appendCsr(features, row);
      out = networks.get().forwardLogits(weights, row);
    } else {
      out = networks.get().forwardLogits(weights, features.toArray(), 1);
    }
    double[] row = new double[spec.outputs()];
    System.arraycopy(out, 0, row, 0, row.length);
    return row;
  }

  /** The weights broadcast in {@code sc}, made on first use there. */
  synchronized Broadcast<double[]> broadcast(SparkContext sc) {
    if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
      broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(weights);
      broadcastContext = sc;
    }
    return broadcast;
  }
}
