package dev.recsys.model.artifact;

/**
 * One row of the header's tensor directory: where a tensor's float32 values lie in the data
 * section. The offset is relative to the start of the data section, in bytes.
 */
record TensorEntry(String name, long[] shape, long offset) {

  /** Bytes the tensor's values take (4 per float32). */
  long byteLength() {
    return Tensor.elementCount(shape) * Float.BYTES;
  }
}
