package org.minibatch.train;

import java.util.List;
import org.minibatch.nn.DataBlock;
import org.minibatch.nn.NetworkSpec;

/**
 * Gradients from blocks held in this JVM, computed one partition after another with the same
 * {@link PartitionWorker} a Spark task uses; with one block this is the single-machine trainer,
 * and with the blocks of a Spark run it reproduces that run without Spark.
 */
public final class LocalGradientSource implements GradientSource {
  private final List<DataBlock> partitions;
  private final DataBlock validation;
  private final PartitionWorker worker;
  private final int[] rows;
  private final EpochOrderCache[] orders;

  /**
   * @param partitions training rows, one block per partition
   * @param validation validation rows, or null
   */
  public LocalGradientSource(NetworkSpec spec, List<DataBlock> partitions, DataBlock validation) {
    for (DataBlock block : partitions) {
      checkShape(spec, block, "training");
    }
    if (validation != null) {
      checkShape(spec, validation, "validation");
    }
    this.partitions = List.copyOf(partitions);
    this.validation = validation;
    this.worker = new PartitionWorker(spec);
    this.rows = partitions.stream().mapToInt(DataBlock::rows).toArray();
    this.orders = new EpochOrderCache[rows.length];
    for (int p = 0; p < rows.length; p++) {
      orders[p] = new EpochOrderCache();
    }
  }

  private static void checkShape(NetworkSpec spec, DataBlock block, String what) {
    if (block.featureCount() != spec.inputs() || block.targetWidth() != spec.targetWidth()) {
      throw new IllegalArgumentException(what + " data has " + block.featureCount()
          + " features and " + block.targetWidth() + " targets per row; network " + spec
          + " needs " + spec.inputs() + " and " + spec.targetWidth());
    }
  }

  @Override
  public int[] partitionRows() {
    return rows.clone();
  }

  @Override
  public GradientSum gradient(double[] point, long seed, long epoch, BatchPlan.Slices slices,
      Precision precision) {
    GradientSum total = null;
    float[] floats = precision == Precision.FLOAT32 ? PartitionWorker.toFloat(point) : null;
    for (int p = 0; p < partitions.size(); p++) {
      int[] order = orders[p].get(seed, epoch, p, rows[p]);
      int from = slices.from()[p];
      int to = slices.to()[p];
      GradientSum part = floats != null
          ? worker.gradient(p, partitions.get(p), order, from, to, floats)
          : worker.gradient(p, partitions.get(p), order, from, to, point);
      total = GradientSum.merge(total, part);
    }
    return total;
  }

  @Override
  public boolean hasValidation() {
    return validation != null;
  }

  @Override
  public Evaluation validate(double[] params) {
    return evaluate(validation, params);
  }

  /** Loss and accuracy of {@code params} on any block of the right shape. */
  public Evaluation evaluate(DataBlock block, double[] params) {
    return worker.evaluate(0, block, params).toEvaluation(worker.spec());
  }
}
