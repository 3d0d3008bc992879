package io.descent.data;

import io.descent.tensor.Tensor;

/**
 * One minibatch: features {@code x} [B, ...], targets {@code y} [B] or [B, k], and for classification the
 * class indices as {@code int[]} (null for real-valued targets).
 *
 * <p>A loader fills the same buffers for every batch, so a batch is valid until the loader hands out the
 * next one; {@link #copy()} keeps one for longer.
 */
public record Batch(Tensor x, Tensor y, int[] classes) {

    public Batch {
        if (y.dim(0) != x.dim(0) || (classes != null && classes.length != x.dim(0))) {
            throw new IllegalArgumentException("batch: x " + x.shape() + ", y " + y.shape()
                    + (classes == null ? "" : ", " + classes.length + " classes") + ": sample counts differ");
        }
    }

    /** Number of samples B. */
    public int size() {
        return x.dim(0);
    }

    public boolean isClassification() {
        return classes != null;
    }

    /** A copy that owns its storage, unaffected by later batches. */
    public Batch copy() {
        return new Batch(x.copy(), y.copy(), classes == null ? null : classes.clone());
    }
}
