package org.minibatch.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CSR first layer computes what the dense gemm computes on the same rows with their zeros
 * written out: forward, loss, gradient (float64 to rounding, float32 to its precision) and
 * predictions; entries of the first layer's gradient at columns absent from the batch stay
 * untouched. Both layouts of the first layer: by hidden unit and by input column.
 */
class SparseBackpropTest {
  static final int FEATURES = 300;

  /** A sparse block: about 5% non-zeros per row, columns ascending; dense copy alongside. */
  record Rows(DataBlock sparse, DataBlock dense) {}

  static Rows rows(int rows, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] dense = new float[rows * FEATURES];
    float[] targets = new float[rows];
    int[] rowStart = new int[rows + 1];
    java.util.List<Integer> cols = new java.util.ArrayList<>();
    java.util.List<Float> vals = new java.util.ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < FEATURES; j++) {
        if (j < FEATURES - 10 && random.nextDouble() < 0.05) {
          float v = (float) random.nextDouble(-2, 2);
          dense[r * FEATURES + j] = v;
          cols.add(j);
          vals.add(v);
        }
      }
      rowStart[r + 1] = cols.size();
      targets[r] = random.nextInt(classes);
    }
    float[] values = new float[vals.size()];
    int[] indices = new int[cols.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = vals.get(i);
      indices[i] = cols.get(i);
    }
    return new Rows(DataBlock.sparse(values, indices, rowStart, targets, null, rows, FEATURES, 1),
        new DataBlock(dense, targets, rows, FEATURES, 1));
  }

  static double[] params(NetworkSpec spec, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] p = new double[spec.numParameters()];
    for (int i = 0; i < p.length; i++) {
      p[i] = random.nextDouble(-0.2, 0.2);
    }
    return p;
  }

  static String layout(boolean byInput) {
    return byInput ? " cross_entropy by_input" : "";
  }

  @ParameterizedTest(name = "by input {0}")
  @ValueSource(booleans = {false, true})
  void float64LossGradientAndPredictionsEqualTheDenseOnes(boolean byInput) {
    NetworkSpec spec = NetworkSpec.parse(FEATURES + "-16-8-5 tanh softmax" + layout(byInput));
    Rows data = rows(40, 5, 1);
    double[] p = params(spec, 2);
    int[] order = {3, 17, 0, 39, 8, 21, 22, 5};

    double[] x = new double[order.length * FEATURES];
    double[] y = new double[order.length];
    data.dense().gather(order, 0, order.length, x, y);
    double[] denseGrad = new double[spec.numParameters()];
    double denseLoss = new Backprop(spec).lossAndGradient(p, x, y, order.length, denseGrad);

    SparseRows sx = new SparseRows();
    double[] sy = new double[order.length];
    data.sparse().gather(order, 0, order.length, sx, true, sy, null);
    assertArrayEquals(y, sy, 0);
    int firstLayer = FEATURES * 16;
    double[] rest = new double[spec.numParameters() - firstLayer];
    java.util.Arrays.fill(rest, 7.0);
    double sparseLoss = new Backprop(spec).lossAndGradient(p, sx, sy, null, rest);
    assertEquals(denseLoss, sparseLoss, 1e-12 * Math.abs(denseLoss));
    for (int i = firstLayer; i < denseGrad.length; i++) {
      assertEquals(denseGrad[i] + 7.0, rest[i - firstLayer], 1e-12, "gradient entry " + i);
    }
    // The first layer's gradient comes by column, for the batch's columns only; the dense
    // gradient is zero at every other column.
    int[] columns = sx.columns();
    assertTrue(columns.length > 0 && columns[columns.length - 1] < FEATURES - 10);
    double[] byColumn = sx.columnGradient();
    double[] scattered = new double[firstLayer];
    for (int k = 0; k < columns.length; k++) {
      for (int o = 0; o < 16; o++) {
        scattered[spec.weightIndex(1, o, columns[k])] = byColumn[k * 16 + o];
      }
    }
    for (int i = 0; i < firstLayer; i++) {
      assertEquals(denseGrad[i], scattered[i], 1e-12, "first-layer entry " + i);
    }

    double[] denseOut = new double[order.length * 5];
    double[] sparseOut = new double[order.length * 5];
    new Backprop(spec).predict(p, x, order.length, denseOut);
    new Backprop(spec).predict(p, sx, sparseOut);
    assertArrayEquals(denseOut, sparseOut, 1e-13);
    assertEquals(new Backprop(spec).loss(p, x, y, null, order.length),
        new Backprop(spec).loss(p, sx, sy, null), 1e-12);
  }

  @ParameterizedTest(name = "by input {0}")
  @ValueSource(booleans = {false, true})
  void float32GradientAgreesToFloatPrecision(boolean byInput) {
    NetworkSpec spec = NetworkSpec.parse(FEATURES + "-12-4 relu softmax" + layout(byInput));
    Rows data = rows(30, 4, 3);
    float[] p = toFloat(params(spec, 4));
    float[] x = new float[30 * FEATURES];
    float[] y = new float[30];
    data.dense().gather(null, 0, 30, x, y);
    float[] denseGrad = new float[spec.numParameters()];
    double denseLoss = new FloatBackprop(spec).lossAndGradient(p, x, y, 30, denseGrad);

    SparseRows sx = new SparseRows();
    float[] sy = new float[30];
    data.sparse().gather(null, 0, 30, sx, false, null, sy);
    int firstLayer = FEATURES * 12;
    float[] rest = new float[spec.numParameters() - firstLayer];
    double sparseLoss = new FloatBackprop(spec).lossAndGradient(p, sx, sy, null, rest);
    assertEquals(denseLoss, sparseLoss, 1e-5 * Math.abs(denseLoss));
    // the first layer read from float64 weights, rounded as read: the bits of the rounded copy
    double[] wide = params(spec, 4);
    float[] restPoint = java.util.Arrays.copyOfRange(p, firstLayer, p.length);
    float[] restOfWide = new float[rest.length];
    assertEquals(sparseLoss, new FloatBackprop(spec).lossAndGradient(wide, restPoint, sx, sy,
        null, restOfWide), 0);
    assertArrayEquals(rest, restOfWide, 0);
    float[] byColumn = sx.floatColumnGradient().clone();
    new FloatBackprop(spec).lossAndGradient(p, sx, sy, null, new float[rest.length]);
    assertArrayEquals(sx.floatColumnGradient(), byColumn, 0);
    double scale = 0;
    for (float g : denseGrad) {
      scale = Math.max(scale, Math.abs(g));
    }
    float[] sparseGrad = new float[spec.numParameters()];
    int[] columns = sx.columns();
    for (int k = 0; k < columns.length; k++) {
      for (int o = 0; o < 12; o++) {
        sparseGrad[spec.weightIndex(1, o, columns[k])] = sx.floatColumnGradient()[k * 12 + o];
      }
    }
    System.arraycopy(rest, 0, sparseGrad, firstLayer, rest.length);
    for (int i = 0; i < denseGrad.length; i++) {
      assertEquals(denseGrad[i], sparseGrad[i], 1e-5 * scale, "gradient entry " + i);
    }
  }

  /**
   * A first layer stored by input column holds the same weights transposed: on dense rows and
   * sparse ones, in both precisions, it gives the outputs and the gradient (transposed) of the
   * network stored by hidden unit.
   */
  @Test
  void theFirstLayerByInputComputesWhatItComputesByHiddenUnit() {
    NetworkSpec byUnit = NetworkSpec.parse(FEATURES + "-9-6-4 sigmoid softmax");
    NetworkSpec byInput = byUnit.withFirstLayerByInput(true);
    Rows data = rows(20, 4, 9);
    double[] p = params(byUnit, 10);
    double[] q = byUnit.convert(p, byInput);
    assertArrayEquals(p, byInput.convert(q, byUnit), 0, "converted there and back");
    for (int o = 0; o < 9; o++) {
      for (int j = 0; j < FEATURES; j++) {
        assertEquals(p[o * FEATURES + j], q[j * 9 + o], 0);
      }
    }
    double[] x = new double[20 * FEATURES];
    double[] y = new double[20];
    data.dense().gather(null, 0, 20, x, y);
    double[] gp = new double[p.length];
    double[] gq = new double[q.length];
    double lp = new Backprop(byUnit).lossAndGradient(p, x, y, 20, gp);
    double lq = new Backprop(byInput).lossAndGradient(q, x, y, 20, gq);
    assertEquals(lp, lq, 1e-12 * lp);
    assertArrayEquals(byUnit.convert(gp, byInput), gq, 1e-12);
    double[] out = new double[20 * 4];
    double[] outQ = new double[20 * 4];
    new Backprop(byUnit).predict(p, x, 20, out);
    new Backprop(byInput).predict(q, x, 20, outQ);
    assertArrayEquals(out, outQ, 1e-13);
    SparseRows sx = new SparseRows();
    data.sparse().gather(null, 0, 20, sx, true, new double[20], null);
    new Backprop(byInput).predict(q, sx, outQ);
    assertArrayEquals(out, outQ, 1e-13);

    float[] xf = new float[20 * FEATURES];
    float[] yf = new float[20];
    data.dense().gather(null, 0, 20, xf, yf);
    float[] fp = new float[p.length];
    float[] fq = new float[q.length];
    new FloatBackprop(byUnit).lossAndGradient(toFloat(p), xf, yf, 20, fp);
    new FloatBackprop(byInput).lossAndGradient(toFloat(q), xf, yf, 20, fq);
    double[] fpq = byUnit.convert(widen(fp), byInput);
    for (int i = 0; i < fq.length; i++) {
      assertEquals(fpq[i], fq[i], 1e-5, "float32 gradient entry " + i);
    }
  }

  @Test
  void convertRefusesAnotherNetwork() {
    NetworkSpec a = NetworkSpec.parse("10-3-2 relu softmax");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.convert(new double[a.numParameters()],
            NetworkSpec.parse("10-4-2 relu softmax by_input")));
    assertEquals("cannot lay out the weights of 10-3-2 relu softmax cross_entropy as 10-4-2 relu"
        + " softmax cross_entropy by_input: the networks differ", e.getMessage());
  }

  static double[] widen(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  @Test
  void aSparseBlockStoresEightBytesPerNonZeroAndChecksItsColumns() {
    Rows data = rows(50, 3, 5);
    DataBlock sparse = data.sparse();
    long nonZeros = sparse.storedValues();
    assertTrue(sparse.isSparse());
    assertEquals(nonZeros, sparse.nonZeros(null, 0, 50));
    assertEquals(8 * nonZeros + 4 * 51 + 4 * 50, sparse.sizeInBytes());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DataBlock.sparse(new float[] {1, 2}, new int[] {4, 4}, new int[] {0, 2},
            new float[] {0}, null, 1, 10, 1));
    assertEquals("row 0: column 4 after 4; columns must ascend within 0..9", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DataBlock.sparse(new float[] {1}, new int[] {10}, new int[] {0, 1},
            new float[] {0}, null, 1, 10, 1));
    assertEquals("row 0: column 10 after -1; columns must ascend within 0..9", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DataBlock.sparse(new float[] {1}, new int[] {1}, new int[] {0, 2},
            new float[] {0}, null, 1, 10, 1));
    assertEquals("a CSR block of 1 rows needs 2 row starts from 0 to the 1 values and as many"
        + " indices, got 2 row starts ending at 2 and 1 indices", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DataBlock.sparse(new float[] {1, 2}, new int[] {1, 2}, new int[] {0, 2, 1, 2},
            new float[] {0, 0, 0}, null, 3, 10, 1));
    assertEquals("row 1 starts at 2 and ends at 1; row starts must not decrease",
        e.getMessage());
    assertEquals(2 * FEATURES, data.dense().nonZeros(null, 3, 5));
    assertThrows(IllegalStateException.class,
        () -> sparse.gather(null, 0, 1, new double[FEATURES], new double[1]));
  }

  static float[] toFloat(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
