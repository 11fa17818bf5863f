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

  /** The values of {@code point} at {@code changed}, the point of step {@code version}. */
  static WeightDelta of(long version, double[] point, int[] changed, Precision precision) {
    if (precision == Precision.FLOAT32) {
      float[] values = new float[changed.length];
      for (int k = 0; k < changed.length; k++) {
        values[k] = (float) point[changed[k]];
      }
      return new WeightDelta(version, changed.clone(), values, null);
    }
    double[] values = new double[changed.length];
    for (int k = 0; k < changed.length; k++) {
      values[k] = point[changed[k]];
    }
    return new WeightDelta(version, changed.clone(), null, values);
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
    return indices.length * (long) (Integer.BYTES + (floats != null ? Float.BYTES
        : Double.BYTES));
  }
}
