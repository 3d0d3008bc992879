package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scratch space kept from call to call, so that a training step does not allocate (and the garbage
 * collector does not clear) megabytes of temporaries each time: {@link #take} hands out the kept buffer when
 * it is large enough, {@link #give} returns it (the larger buffer is kept when several are returned, so that
 * a workspace shared by layers of different sizes settles on the largest). A call made while another call holds the buffer
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

    /** Keeps {@code t} for the next {@link #take}, or the buffer kept already if that one is larger. */
    void give(Tensor t) {
        spare.accumulateAndGet(t, (kept, given) -> kept != null && kept.size() > given.size() ? kept : given);
    }
}
