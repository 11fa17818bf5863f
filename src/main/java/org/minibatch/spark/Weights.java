package org.minibatch.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import org.minibatch.train.PartitionWorker;
import org.minibatch.train.Precision;
import org.minibatch.util.PackedArrays;

/**
 * The weights a step broadcasts, float32 or float64 as the precision asks, serialized as one
 * block of little-endian bytes ({@link PackedArrays}) rather than value by value. In local mode
 * the tasks get this very object from the driver's block manager and nothing is read back.
 */
public final class Weights implements Serializable {
  @Serial
  private static final long serialVersionUID = 1L;

  private transient Object values;

  private Weights(Object values) {
    this.values = values;
  }

  /** {@code point} as float32 (rounded) or float64 (as is, not copied). */
  public static Weights of(double[] point, Precision precision) {
    return new Weights(precision == Precision.FLOAT32 ? PartitionWorker.toFloat(point) : point);
  }

  /** A {@code float[]} or a {@code double[]}. */
  public Object values() {
    return values;
  }

  @Serial
  private void writeObject(ObjectOutputStream out) throws IOException {
    boolean single = values instanceof float[];
    out.writeBoolean(single);
    out.writeObject(single ? PackedArrays.pack((float[]) values)
        : PackedArrays.pack((double[]) values));
  }

  @Serial
  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    boolean single = in.readBoolean();
    byte[] packed = (byte[]) in.readObject();
    values = single ? PackedArrays.unpackFloats(packed) : PackedArrays.unpackDoubles(packed);
  }
}
