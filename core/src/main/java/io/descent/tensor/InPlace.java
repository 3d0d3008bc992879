package io.descent.tensor;

import java.util.Arrays;

/**
 * The in-place kernels, not recorded: filling a tensor and adding a multiple of another into it (what
 * {@link Tensor#addInPlace} does, and how the tape and the leaves sum gradients). No shape or grad-mode checks
 * here: the public methods on {@link Tensor} make them.
 */
final class InPlace {
    private InPlace() {
    }

    static void fill(Tensor t, double value) {
        int offset = t.offset();
        if (t.f != null) {
            float[] f = t.f;
            float v = (float) value;
            Parallel.forRange(t.size(), Parallel.GRAIN, (from, to) -> Arrays.fill(f, offset + from, offset + to, v));
        } else {
            Arrays.fill(t.d, offset, offset + t.size(), value);
        }
    }

    /** dst += alpha * x over dst's size; x has dst's shape and type. */
    static void addScaled(Tensor dst, Tensor x, double alpha) {
        int n = dst.size();
        int offset = dst.offset();
        if (dst.f != null) {
            float[] f = dst.f;
            float a = (float) alpha;
            float[] xf = x.f;
            int xo = x.offset();
            Parallel.forRange(n, Parallel.GRAIN, (from, to) -> {
                if (offset == 0 && xo == 0) {
                    for (int i = from; i < to; i++) {
                        f[i] += a * xf[i];        // indexed alike: vectorized (see ElementWise)
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        f[offset + i] += a * xf[xo + i];
                    }
                }
            });
        } else {
            double[] d = dst.d;
            double[] xd = x.d;
            int xo = x.offset();
            for (int i = 0; i < n; i++) {
                d[offset + i] += alpha * xd[xo + i];
            }
        }
    }
}
