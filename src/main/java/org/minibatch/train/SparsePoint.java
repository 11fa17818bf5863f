package org.minibatch.train;

/**
 * A float32 step's point for sparse rows, as the local route hands it to its tasks: the float64
 * weights themselves, whose first layer a task rounds to float32 as it reads the batch's columns,
 * and every parameter after the first layer's weights rounded ({@code rest[i]} is parameter
 * {@code i + n_in n_out}). At 10M inputs and 16 hidden units that leaves out a 640 MB float32
 * copy of the first layer and the pass that would keep it up to date after every update, and the
 * columns a batch reads are the ones its update then writes, already in cache.
 *
 * @param weights the current float64 parameters (read only)
 * @param rest the parameters after the first layer's weights, rounded to float32
 */
public record SparsePoint(double[] weights, float[] rest) {
  /**
   * The point {@code weights}, whose first {@code firstLayerWeights} values are the first
   * layer's weights; the values after them rounded.
   */
  public static SparsePoint of(double[] weights, int firstLayerWeights) {
    float[] rest = new float[weights.length - firstLayerWeights];
    for (int i = 0; i < rest.length; i++) {
      rest[i] = (float) weights[firstLayerWeights + i];
    }
    return new SparsePoint(weights, rest);
  }
}
