package io.descent.loss;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/** Shape checks for targets and the conversion of gradients back to the output's type. */
final class Targets {
    private Targets() {
    }

    /**
     * Accepts a target of the output's shape, or with the same number of elements when the two differ only by
     * a trailing 1 ([N] against [N, 1]); refuses anything else instead of broadcasting [N] against [N, 1] to
     * [N, N], the classic silent mistake.
     */
    static void checkSameSize(String loss, Tensor output, Tensor target) {
        boolean same = output.shape().equals(target.shape());
        boolean column = output.size() == target.size() && output.rank() > 0 && target.rank() > 0
                && output.dim(0) == target.dim(0) && Math.abs(output.rank() - target.rank()) == 1
                && Math.max(output.rank(), target.rank()) == 2;
        if (!same && !column) {
            throw new IllegalArgumentException(loss + ": output " + output.shape() + " and target " + target.shape()
                    + " must have the same shape");
        }
    }

    /** A tensor of the output's shape and type holding {@code values}. */
    static Tensor tensor(double[] values, Tensor like) {
        int[] dims = like.shape().dims();
        if (like.dtype() == DType.FLOAT64) {
            return Tensor.wrap(values, dims);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.wrap(f, dims);
    }
}
