package org.minibatch.spark;

import java.io.Serial;
import java.io.Serializable;
import org.minibatch.train.PartitionWorker;
import org.minibatch.train.Precision;
import org.minibatch.util.PackedArrays;

/**
 * The weights a step broadcasts, float32 or float64 as the precision asks, carried as one block
 * of little-endian bytes ({@link PackedArrays}) rather than value by value, and unpacked once per
 * executor on first use. In local mode the tasks get this very object from the driver's block
 * manager and nothing is unpacked.
 *
 * <p>The bytes are a plain field, not written by a {@code writeObject} hook: Kryo's field
 * serializer (with {@code spark.serializer=KryoSerializer}, the broadcast's serializer) ignores
 * such hooks and skips transient fields, so a transient array would arrive as null on executors
 * in their own JVMs.
 */
public final class Weights implements Serializable {
  @Serial
  private static final long serialVersionUID = 2L;

  private final byte[] packed;
  private final boolean single;
  private transient volatile Object values;

  private Weights(byte[] packed, boolean single, Object values) {
    this.packed = packed;
    this.single = single;
    this.values = values;
  }

  /** {@code point} as float32 (rounded) or float64 (as is, not copied). */
  public static Weights of(double[] point, Precision precision) {
    if (precision == Precision.FLOAT32) {
      float[] rounded = PartitionWorker.toFloat(point);
      return new Weights(PackedArrays.pack(rounded), true, rounded);
    }
    return new Weights(PackedArrays.pack(point), false, point);
  }

  /** A {@code float[]} or a {@code double[]}. */
  public Object values() {
    Object v = values;
    if (v == null) {
      synchronized (this) {
        v = values;
        if (v == null) {
          v = single ? PackedArrays.unpackFloats(packed) : PackedArrays.unpackDoubles(packed);
          values = v;
        }
      }
    }
    return v;
  }

  /** Bytes on the wire. */
  public long bytes() {
    return packed.length;
  }
}
