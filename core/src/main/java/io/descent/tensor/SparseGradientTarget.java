package io.descent.tensor;

/**
 * Where a sparse kernel adds the gradient of its 2-D input w [rows, width], column by column ({@link #of}): the
 * tensor to add into, the {@link GradientSupport} to record the written columns in (null when there is none to
 * keep), and what the backward rule returns for w (null for a leaf: already delivered).
 */
public record SparseGradientTarget(Tensor tensor, GradientSupport support, Tensor result) {

    /**
     * For a leaf its gradient buffer, ready to be added into (pending zeros written, only in the columns last
     * written when those are known and few), with its support; for any other tensor a new one of zeros,
     * returned as the rule's gradient, with no support.
     */
    public static SparseGradientTarget of(Tensor w) {
        return LeafGradient.sparseTargetFor(w);
    }
}
