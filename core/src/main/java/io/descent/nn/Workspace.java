package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scratch space that a layer keeps from call to call, so that a training step does not allocate (and the
 * garbage collector does not clear) megabytes of temporaries each time: {@link #take} hands out the kept
 * buffer when it is large enough, {@link #give} returns it. A call made while another call holds the buffer
 * (two threads running the same layer) simply gets a new one. The buffer is flat; kernels address it by
 * offsets, and its old contents are overwritten, never read.
 */
final class Workspace {
    private final AtomicReference<Tensor> spare = new AtomicReference<>();

    /** A buffer of at least {@code size} values of {@code dtype}. */
    Tensor take(DType dtype, int size) {
        Tensor t = spare.getAndSet(null);
        return t != null && t.dtype() == dtype && t.size() >= size ? t : Tensor.zeros(dtype, size);
    }

    /** Keeps {@code t} for the next {@link #take}. */
    void give(Tensor t) {
        spare.set(t);
    }
}
