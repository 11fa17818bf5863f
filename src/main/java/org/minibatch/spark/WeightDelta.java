package org.minibatch.spark;

import java.io.Serial;
import java.io.Serializable;
import org.minibatch.train.Precision;

/**
 * The weights one sparse step changed, as a delta broadcast carries them: their indices and
 * new values, rounded to float32 or kept in float64 as the point is ({@link WeightChain}). Not a
 * record, and plain fields only: it travels under {@code spark.serializer}, and Kryo builds
 * neither records nor calls serialization hooks.
 */
public final class WeightDelta implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  private final long version;
  private final int[] indices;
  private final float[] floats;
  private final double[] doubles;

  private WeightDelta(long version, int[] indices, float[] floats, double[] doubles) {
    this.version = version;
    this.indices = indices;
    this.floats = floats;
    this.doubles = doubles;
  }

  /**
   * The values of {@code point} at {@code changed}, the point of step {@code version}; it keeps
   * {@code changed}, which the caller must not write afterwards (a step's list of changed
   * parameters is made for that step alone).
   */
  static WeightDelta of(long version, double[] point, int[] changed, Precision precision) {
    if (precision == Precision.FLOAT32) {
      float[] values = new float[changed.length];
      for (int k = 0; k < changed.length; k++) {
        values[k] = (float) point[changed[k]];
      }
      return new WeightDelta(version, changed, values, null);
    }
    double[] values = new double[changed.length];
    for (int k = 0; k < changed.length; k++) {
      values[k] = point[changed[k]];
    }
    return new WeightDelta(version, changed, null, values);
  }

  long version() {
    return version;
  }

  /** Sets the changed values in {@code point}, a {@code float[]} or {@code double[]}. */
  void applyTo(Object point) {
    if (floats != null) {
      float[] p = (float[]) point;
      for (int k = 0; k < indices.length; k++) {
        p[indices[k]] = floats[k];
      }
    } else {
      double[] p = (double[]) point;
      for (int k = 0; k < indices.length; k++) {
        p[indices[k]] = doubles[k];
      }
    }
  }

  /** Bytes on the wire, about. */
  long bytes() {
    return bytes(indices.length, floats != null ? Precision.FLOAT32 : Precision.FLOAT64);
  }

  /** Bytes on the wire, about, of a delta of {@code count} values in {@code precision}. */
  static long bytes(int count, Precision precision) {
    return count * (long) (Integer.BYTES
        + (precision == Precision.FLOAT32 ? Float.BYTES : Double.BYTES));
  }
}
