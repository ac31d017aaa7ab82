package dev.recsys.model.artifact;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named model weight as plain Java: a shape and its float32 values in row-major (C) order.
 *
 * <p>The shape array is copied, but the data array is shared with the caller and returned as is:
 * embedding tables can run to hundreds of megabytes and the model code converts them straight into
 * ND4J arrays, so a copy on every access would double the memory for nothing. Do not mutate it.
 *
 * <p>Only finite values are accepted: a NaN or infinite weight means training diverged, and such a
 * model must not be shipped (or loaded) as if it were usable.
 *
 * @param shape dimensions, each {@code >= 0}; an empty shape is a scalar holding one value
 * @param data the values; its length must equal the product of {@code shape}
 */
public record Tensor(long[] shape, float[] data) {

  public Tensor {
    Objects.requireNonNull(shape, "tensor shape");
    Objects.requireNonNull(data, "tensor data");
    shape = shape.clone();
    long elements = elementCount(shape);
    if (elements != data.length) {
      throw new IllegalArgumentException(
          "tensor shape " + Arrays.toString(shape) + " holds " + elements + " values but data has "
              + data.length);
    }
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new IllegalArgumentException(
            "tensor " + Arrays.toString(shape) + " has a non-finite value " + data[i] + " at " + i);
      }
    }
  }

  /**
   * The number of values a tensor of {@code shape} holds.
   *
   * @throws IllegalArgumentException for a negative dimension, or a count that does not fit a Java
   *     array (so a corrupted shape cannot lead to a huge allocation)
   */
  public static long elementCount(long[] shape) {
    long elements = 1;
    for (long dimension : shape) {
      if (dimension < 0) {
        throw new IllegalArgumentException(
            "tensor shape " + Arrays.toString(shape) + " has a negative dimension");
      }
      try {
        elements = Math.multiplyExact(elements, dimension);
      } catch (ArithmeticException overflow) {
        throw new IllegalArgumentException(
            "tensor shape " + Arrays.toString(shape) + " overflows a long", overflow);
      }
    }
    if (elements > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor shape " + Arrays.toString(shape) + " holds " + elements
              + " values, more than a Java array can");
    }
    return elements;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The shared value array (see the class comment for why it is not copied). */
  @Override
  public float[] data() {
    return data;
  }

  /** Bit-for-bit value equality (as {@link Arrays#equals(float[], float[])}: -0.0 != 0.0). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor other
        && Arrays.equals(shape, other.shape)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
