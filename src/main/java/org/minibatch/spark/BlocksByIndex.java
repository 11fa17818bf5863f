package org.minibatch.spark;

import java.io.IOException;
import java.util.Arrays;
import org.minibatch.data.InvalidDataException;
import org.minibatch.data.RowValidator;
import org.minibatch.data.RowsByIndex;
import org.minibatch.nn.DataBlock;

/**
 * A partition's cached blocks built from rows read by position ({@link
 * CachedData#fromRowsByIndex}): the same rows, in the same order, as the shuffle of {@link
 * CachedData#prepare} delivers to that partition.
 */
final class BlocksByIndex {
  private BlocksByIndex() {}

  /**
   * Partition {@code p}'s blocks, written straight from the input: which rows are its own (and
   * which of those are held out) is known from their positions, so the blocks are allocated at
   * their size and filled in input order, with no row objects in between.
   */
  static PartitionData build(int p, RowsByIndex rows, RowValidator validator,
      CachedData.Layout layout) throws IOException {
    PositionList train = new PositionList();
    PositionList heldOut = new PositionList();
    for (long i = 0; i < rows.rows(); i++) {
      if (CachedData.partitionOf(i, layout) == p) {
        (CachedData.isHeldOut(i, layout) ? heldOut : train).add(i);
      }
    }
    RowsByIndex.Access access = rows.open();
    BlockFill t = BlockFill.of(train, access, validator, layout.skipInvalid());
    BlockFill v = BlockFill.of(heldOut, access, validator, layout.skipInvalid());
    BlockFill first = v.firstSkippedRow >= 0 && (t.firstSkippedRow < 0
        || v.firstSkippedRow < t.firstSkippedRow) ? v : t;
    return new PartitionData(p, t.block, v.block, t.skipped + v.skipped,
        first.firstSkippedRow, first.firstSkipped);
  }

  /** Positions of rows in the input, in increasing order. */
  private static final class PositionList {
    private long[] positions = new long[1024];
    private int size;

    void add(long position) {
      if (size == positions.length) {
        positions = Arrays.copyOf(positions, 2 * size);
      }
      positions[size++] = position;
    }
  }

  /** One block filled from the rows at some positions, and the invalid ones left out. */
  private static final class BlockFill {
    private DataBlock block;
    private int skipped;
    private long firstSkippedRow = -1;
    private String firstSkipped;

    static BlockFill of(PositionList rows, RowsByIndex.Access access, RowValidator validator,
        boolean skipInvalid) {
      int f = validator.featureCount();
      int t = validator.targetWidth();
      CachedData.checkBlockSize(rows.size, f);
      float[] features = new float[rows.size * f];
      float[] targets = new float[rows.size * t];
      double[] x = new double[f];
      double[] y = new double[t];
      BlockFill fill = new BlockFill();
      int kept = 0;
      for (int k = 0; k < rows.size; k++) {
        long row = rows.positions[k];
        access.read(row, x, y);
        try {
          validator.features(x, row, features, kept * f);
          validator.targets(y, row, targets, kept * t);
          kept++;
        } catch (InvalidDataException e) {
          if (!skipInvalid) {
            throw e;
          }
          if (fill.skipped++ == 0) {
            fill.firstSkippedRow = row;
            fill.firstSkipped = e.getMessage();
          }
        }
      }
      boolean all = kept == rows.size;
      fill.block = new DataBlock(all ? features : Arrays.copyOf(features, kept * f),
          all ? targets : Arrays.copyOf(targets, kept * t), kept, f, t);
      return fill;
    }
  }

}
