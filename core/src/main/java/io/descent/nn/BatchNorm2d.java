package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/**
 * Batch normalization per channel over N, H and W, for [N, C, H, W] inputs, as PyTorch's {@code BatchNorm2d};
 * see {@link BatchNorm} for the formulas.
 *
 * <pre>{@code
 * Module block = new Sequential(new Conv2d(1, 32, 5, 1, 2, false, DType.FLOAT32, rng), new BatchNorm2d(32), new ReLU());
 * }</pre>
 */
public final class BatchNorm2d extends BatchNorm {
    /** momentum 0.1, eps 1e-5, with gamma and beta, float32. */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1, true, DType.FLOAT32);
    }

    public BatchNorm2d(int channels, DType dtype) {
        this(channels, 1e-5, 0.1, true, dtype);
    }

    public BatchNorm2d(int channels, double eps, double momentum, boolean affine, DType dtype) {
        super(channels, eps, momentum, affine, dtype);
    }

    @Override
    void checkRank(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(this + ": input " + x.shape() + " must be [N, C, H, W]");
        }
    }

    @Override
    public Spec spec() {
        return spec("BatchNorm2d");
    }
}
