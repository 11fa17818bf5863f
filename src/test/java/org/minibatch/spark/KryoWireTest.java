package org.minibatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.minibatch.data.LabeledRow;
import org.minibatch.nn.DataBlock;
import org.minibatch.nn.NetworkSpec;
import org.minibatch.train.EvaluationSum;
import org.minibatch.train.GradientSum;
import org.minibatch.train.Precision;
import scala.reflect.ClassTag$;

/**
 * What travels through {@code spark.serializer} (task results, shuffled rows, broadcasts, blocks
 * spilled to disk) survives Kryo, as a cluster configured with {@code KryoSerializer} sends it:
 * no records, no immutable lists, no state in transient fields.
 */
class KryoWireTest {
  private static final SerializerInstance KRYO = new KryoSerializer(new SparkConf(false))
      .newInstance();

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T value) {
    ByteBuffer bytes = KRYO.serialize(value, ClassTag$.MODULE$.apply(Object.class));
    T back = (T) KRYO.deserialize(bytes, ClassTag$.MODULE$.apply(Object.class));
    assertNotSame(value, back);
    return back;
  }

  @Test
  void gradientSumsListedAndExact() {
    GradientSum floats = GradientSum.of(3, new float[] {0.5f, -1.25f}, 2.0, 4);
    double[] mean = new double[2];
    roundTrip(floats).meanGradient(mean);
    assertArrayEquals(new double[] {0.125, -0.3125}, mean, 0);
    GradientSum exact = GradientSum.mergeExact(GradientSum.of(0, new double[] {1, 2}, 1, 1),
        GradientSum.of(1, new double[] {3, 4}, 2, 1));
    GradientSum back = roundTrip(exact);
    GradientSum columns = roundTrip(GradientSum.ofColumns(2, new float[] {1.5f, -2, 7},
        new org.minibatch.train.FirstLayerColumns(new int[] {1}, 0, 2, 2, 5, false), 3.0, 4, 4));
    double[] columnTotals = new double[5];
    columns.totals(columnTotals);
    assertArrayEquals(new double[] {0, 1.5, 0, -2, 7}, columnTotals, 0);
    GradientSum byInput = roundTrip(GradientSum.ofColumns(2, new float[] {1.5f, -2, 7},
        new org.minibatch.train.FirstLayerColumns(new int[] {1}, 0, 2, 2, 5, true), 3.0, 4, 4));
    byInput.totals(columnTotals);
    assertArrayEquals(new double[] {0, 0, 1.5, -2, 7}, columnTotals, 0, "stored by input");
    back.meanGradient(mean);
    assertArrayEquals(new double[] {2, 3}, mean, 0);
    assertEquals(1.5, back.meanLoss(), 0);
    // an exact sum read back still merges (its partial list is mutable)
    GradientSum.merge(back, GradientSum.of(2, new double[] {5, 6}, 3, 1)).meanGradient(mean);
    assertArrayEquals(new double[] {3, 4}, mean, 0);
  }

  @Test
  void weightDeltasArriveWithTheirValues() {
    double[] point = {0.5, -1.25, 3.0, 1e-30};
    for (org.minibatch.train.Precision precision : org.minibatch.train.Precision.values()) {
      WeightDelta delta = roundTrip(WeightDelta.of(7, point, new int[] {1, 3}, precision));
      assertEquals(7, delta.version());
      boolean single = precision == org.minibatch.train.Precision.FLOAT32;
      Object target = single ? new float[4] : new double[4];
      delta.applyTo(target);
      if (single) {
        assertArrayEquals(new float[] {0, -1.25f, 0, 1e-30f}, (float[]) target, 0);
      } else {
        assertArrayEquals(new double[] {0, -1.25, 0, 1e-30}, (double[]) target, 0);
      }
    }
  }

  @Test
  void evaluationSums() {
    NetworkSpec spec = NetworkSpec.parse("2-3-2 relu softmax");
    EvaluationSum sum = roundTrip(EvaluationSum.of(0, 3.0, 4, 3));
    assertEquals(0.75, sum.toEvaluation(spec).accuracy(), 0);
    assertEquals(0.75, sum.toEvaluation(spec).loss(), 0);
  }

  @Test
  void broadcastWeightsArriveWithTheirValues() {
    double[] point = {0.1, -2.5, 1e-30};
    assertArrayEquals(point, (double[]) roundTrip(Weights.of(point, Precision.FLOAT64))
        .values());
    assertArrayEquals(new float[] {0.1f, -2.5f, 1e-30f},
        (float[]) roundTrip(Weights.of(point, Precision.FLOAT32)).values());
  }

  @Test
  void rowsOnTheirWayAndCachedPartitions() {
    LabeledRow row = roundTrip(new LabeledRow(new double[] {1, 2}, new double[] {1}, 2.5));
    assertArrayEquals(new double[] {1, 2}, row.features());
    assertEquals(2.5, row.weight(), 0);
    LabeledRow sparseRow = roundTrip(LabeledRow.sparse(1 << 20, new int[] {3, 900_000},
        new double[] {0.5, 2}, new double[] {1}, 1));
    assertEquals(1 << 20, sparseRow.size());
    assertArrayEquals(new int[] {3, 900_000}, sparseRow.indices());
    assertArrayEquals(new double[] {0.5, 2}, sparseRow.values());
    RowBlocks.IndexedRow indexed = roundTrip(new RowBlocks.IndexedRow(7, true,
        new float[] {1, 2}, new int[] {4, 8}, new float[] {0}, 0.5f, null));
    assertEquals(7, indexed.index());
    assertArrayEquals(new float[] {1, 2}, indexed.features());
    assertArrayEquals(new int[] {4, 8}, indexed.indices());
    assertEquals(0.5f, indexed.weight(), 0);
    PartitionData sparse = roundTrip(new PartitionData(1, DataBlock.sparse(new float[] {1, 2, 3},
        new int[] {0, 9, 4}, new int[] {0, 2, 3}, new float[] {1, 0}, null, 2, 10, 1),
        DataBlock.of(new double[0][], new double[0][]), 0, -1, null));
    assertTrue(sparse.train().isSparse());
    assertArrayEquals(new float[] {1, 2, 3}, sparse.train().features());
    assertEquals(2, sparse.train().nonZeros(null, 0, 1));
    PartitionData data = new PartitionData(5, new DataBlock(new float[] {1, 2, 3, 4},
        new float[] {0, 1}, new float[] {1, 3}, 2, 2, 1),
        DataBlock.of(new double[0][], new double[0][]), 1, 9, "row 9: bad");
    PartitionData back = roundTrip(data);
    assertArrayEquals(data.train().features(), back.train().features());
    assertArrayEquals(new float[] {1, 3}, back.train().weights());
    assertArrayEquals(data.order(42, 1), back.order(42, 1));
    PartitionData.Counts counts = roundTrip(data.counts());
    assertEquals(2, counts.train());
    assertEquals(9, counts.firstSkippedRow());
    assertEquals("row 9: bad", counts.firstSkipped());
  }
}
