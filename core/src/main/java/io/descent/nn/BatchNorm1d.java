package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/**
 * Batch normalization per feature over the batch, for [N, F] inputs (also [N, C, L], per channel over N and
 * L), as PyTorch's {@code BatchNorm1d}; see {@link BatchNorm} for the formulas.
 *
 * <pre>{@code
 * Module block = new Sequential(new Linear(784, 256, true, rng), new BatchNorm1d(256), new ReLU());
 * }</pre>
 */
public final class BatchNorm1d extends BatchNorm {
    /** momentum 0.1, eps 1e-5, with gamma and beta, float32. */
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1, true, DType.FLOAT32);
    }

    public BatchNorm1d(int features, DType dtype) {
        this(features, 1e-5, 0.1, true, dtype);
    }

    public BatchNorm1d(int features, double eps, double momentum, boolean affine, DType dtype) {
        super(features, eps, momentum, affine, dtype);
    }

    @Override
    void checkRank(Tensor x) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " must be [N, F] or [N, C, L]");
        }
    }

    @Override
    public Spec spec() {
        return spec("BatchNorm1d");
    }
}
