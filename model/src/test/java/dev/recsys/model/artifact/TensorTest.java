package dev.recsys.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void dataLengthMustMatchTheShape() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {2, 3}, new float[5]));
    assertTrue(e.getMessage().contains("holds 6 values but data has 5"), e.getMessage());
    assertEquals(6, new Tensor(new long[] {2, 3}, new float[6]).data().length);
    assertEquals(1, new Tensor(new long[0], new float[1]).data().length);
  }

  @Test
  void shapesThatCannotBeBackedByAnArrayAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {-2, -3}, new float[6]));
    assertThrows(IllegalArgumentException.class, () -> Tensor.elementCount(new long[] {1L << 31}));
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.elementCount(new long[] {1L << 40, 1L << 40}));
  }

  @Test
  void nonFiniteValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Tensor(new long[] {2}, new float[] {1, Float.NaN}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Tensor(new long[] {1}, new float[] {Float.NEGATIVE_INFINITY}));
  }

  @Test
  void equalityIsByValueBitForBit() {
    Tensor a = new Tensor(new long[] {2}, new float[] {1f, 0f});
    Tensor b = new Tensor(new long[] {2}, new float[] {1f, 0f});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new Tensor(new long[] {2}, new float[] {1f, -0f}));
    assertNotEquals(a, new Tensor(new long[] {1, 2}, new float[] {1f, 0f}));
  }

  @Test
  void shapeCannotBeChangedFromOutside() {
    long[] shape = {2, 3};
    Tensor tensor = new Tensor(shape, new float[6]);
    shape[0] = 3;
    tensor.shape()[1] = 2;
    assertArrayEquals(new long[] {2, 3}, tensor.shape());
  }
}
