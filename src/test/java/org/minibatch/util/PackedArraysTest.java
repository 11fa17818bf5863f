package org.minibatch.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PackedArraysTest {
  @Test
  void floatsRoundTripBitForBitAndAreLittleEndian() {
    float[] values = {1f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE, -3.25e7f};
    byte[] packed = PackedArrays.pack(values);
    assertEquals(4 * values.length, packed.length);
    assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, java.util.Arrays.copyOf(packed, 4));
    float[] back = PackedArrays.unpackFloats(packed);
    for (int i = 0; i < values.length; i++) {
      assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]));
    }
  }

  @Test
  void doublesRoundTripBitForBitAndAreLittleEndian() {
    double[] values = {1.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e300};
    byte[] packed = PackedArrays.pack(values);
    assertEquals(8 * values.length, packed.length);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xf0, 0x3f},
        java.util.Arrays.copyOf(packed, 8));
    double[] back = PackedArrays.unpackDoubles(packed);
    for (int i = 0; i < values.length; i++) {
      assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(back[i]));
    }
  }

  @Test
  void aLengthThatIsNotWholeValuesIsAnError() {
    assertEquals("packed length must be a multiple of 4, got 6", assertThrows(
        IllegalArgumentException.class, () -> PackedArrays.unpackFloats(new byte[6])).getMessage());
    assertEquals("packed length must be a multiple of 8, got 12", assertThrows(
        IllegalArgumentException.class, () -> PackedArrays.unpackDoubles(new byte[12]))
        .getMessage());
  }
}
