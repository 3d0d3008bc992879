package io.descent.dnnl;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A native float buffer that grows and is reused: the operands of every product are copied into one of these,
 * so that no call allocates native memory once the largest shape has been seen. One set per thread
 * ({@link DnnlBackend}), since products may run on several threads at once.
 */
final class NativeFloats {
    private FloatPointer pointer;
    private long capacity;

    /** A buffer of at least {@code size} floats (contents undefined). */
    FloatPointer atLeast(long size) {
        if (size > capacity) {
            if (pointer != null) {
                pointer.close();
            }
            capacity = Math.max(size, capacity + capacity / 2);
            pointer = new FloatPointer(capacity);
        }
        return pointer;
    }
}
