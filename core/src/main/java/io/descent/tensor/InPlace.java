package io.descent.tensor;

import io.descent.autograd.GradMode;
import java.util.Arrays;

/**
 * The in-place kernels, not recorded: filling a tensor, copying into it and adding a multiple of another into it
 * (what {@link Tensor#addInPlace} does, and how the tape and the leaves sum gradients), and the check that the
 * public in-place methods on {@link Tensor} make first. The kernels check neither shapes nor grad mode.
 */
final class InPlace {
    private InPlace() {
    }

    /** Refuses to change a tensor whose values a gradient depends on; {@code op} names the caller. */
    static void checkMutable(Tensor t, String op) {
        if (t.node instanceof TensorNode.Recorded) {
            throw new IllegalStateException(op + ": tensor " + t.shape() + " was computed by a recorded op; "
                    + "changing it in place would corrupt its gradient");
        }
        if (t.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": tensor " + t.shape() + " requires grad; change it in place "
                    + "inside GradMode.disabled()");
        }
    }

    /** dst = src over dst's size; src has dst's type. */
    static void copy(Tensor src, Tensor dst) {
        if (dst.f != null) {
            System.arraycopy(src.f, src.offset(), dst.f, dst.offset(), dst.size());
        } else {
            System.arraycopy(src.d, src.offset(), dst.d, dst.offset(), dst.size());
        }
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
