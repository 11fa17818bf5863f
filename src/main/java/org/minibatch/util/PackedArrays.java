package org.minibatch.util;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float and double arrays as little-endian bytes, for what Spark ships with Java serialization:
 * it writes a {@code byte[]} as one block but a {@code float[]} or {@code double[]} value by
 * value (through {@code Bits.putInt} for each), measurably slower than copying the bytes of a
 * weight vector (figures: BENCHMARKS.md, "Behind the code").
 */
public final class PackedArrays {
  private PackedArrays() {}

  public static byte[] pack(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes.array();
  }

  public static byte[] pack(double[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asDoubleBuffer().put(values);
    return bytes.array();
  }

  public static float[] unpackFloats(byte[] packed) {
    checkMultiple(packed, Float.BYTES);
    float[] values = new float[packed.length / Float.BYTES];
    ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  public static double[] unpackDoubles(byte[] packed) {
    checkMultiple(packed, Double.BYTES);
    double[] values = new double[packed.length / Double.BYTES];
    ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }

  private static void checkMultiple(byte[] packed, int width) {
    if (packed.length % width != 0) {
      throw new IllegalArgumentException("packed length must be a multiple of " + width
          + ", got " + packed.length);
    }
  }
}
