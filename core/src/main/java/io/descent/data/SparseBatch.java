package io.descent.data;

import io.descent.tensor.Tensor;

/**
 * One minibatch of sparse rows: features {@code x} as CSR [B, D], targets {@code y} [B], class indices for
 * classification (else null). Valid until the loader hands out the next batch, as {@link Batch}.
 */
public record SparseBatch(CsrMatrix x, Tensor y, int[] classes) {

    public SparseBatch {
        if (y.dim(0) != x.rows() || (classes != null && classes.length != x.rows())) {
            throw new IllegalArgumentException("sparse batch: x [" + x.rows() + ", " + x.cols() + "], y " + y.shape()
                    + ": sample counts differ");
        }
    }

    public int size() {
        return x.rows();
    }

    public boolean isClassification() {
        return classes != null;
    }

    /** A copy that owns its storage. */
    public SparseBatch copy() {
        return new SparseBatch(x.copy(), y.copy(), classes == null ? null : classes.clone());
    }
}
