package io.descent.tensor;

import io.descent.autograd.GradMode;
import java.util.Arrays;

/**
 * The loops over a tensor's storage that record nothing: filling it (with a value, with random numbers),
 * copying into and out of it (its text included), adding a multiple of another tensor into it (what
 * {@link Tensor#addInPlace} does, and how the tape and the leaves sum gradients). The public in-place methods
 * of {@link Tensor} come here through {@link #checkMutable}; the kernels check neither shapes nor grad mode.
 */
final class Storage {
    private Storage() {
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

    /** {@link Tensor#copyFrom}: dst = src, checked. */
    static Tensor copyFrom(Tensor dst, Tensor src) {
        checkMutable(dst, "copyFrom");
        Shapes.checkSame("copyFrom", dst, src);
        copy(src, dst);
        return dst;
    }

    /** {@link Tensor#addInPlace}: dst += alpha * x, checked. */
    static Tensor addInPlace(Tensor dst, Tensor x, double alpha) {
        checkMutable(dst, "addInPlace");
        Shapes.checkSame("addInPlace", dst, x);
        addScaled(dst, x, alpha);
        return dst;
    }

    /** dst = src over dst's size; src has dst's type. Returns dst. */
    static Tensor copy(Tensor src, Tensor dst) {
        if (dst.f != null) {
            System.arraycopy(src.f, src.offset(), dst.f, dst.offset(), dst.size());
        } else {
            System.arraycopy(src.d, src.offset(), dst.d, dst.offset(), dst.size());
        }
        return dst;
    }

    /** Fills t with value; returns t. */
    static Tensor fill(Tensor t, double value) {
        int offset = t.offset();
        if (t.f != null) {
            float[] f = t.f;
            float v = (float) value;
            Parallel.forRange(t.size(), Parallel.GRAIN, (from, to) -> Arrays.fill(f, offset + from, offset + to, v));
        } else {
            Arrays.fill(t.d, offset, offset + t.size(), value);
        }
        return t;
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

    static double[] toDoubleArray(Tensor t) {
        double[] out = new double[t.size()];
        int offset = t.offset();
        for (int i = 0; i < out.length; i++) {
            out[i] = t.at(offset + i);
        }
        return out;
    }

    static float[] toFloatArray(Tensor t) {
        float[] out = new float[t.size()];
        int offset = t.offset();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) t.at(offset + i);
        }
        return out;
    }

    /** t filled with 0, 1, 2, ... in row-major order; returns t. */
    static Tensor fillArange(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            t.put(i, i);
        }
        return t;
    }

    /** t filled with independent standard normal values from rng; returns t. */
    static Tensor fillGaussian(Tensor t, Rng rng) {
        for (int i = 0; i < t.size(); i++) {
            t.put(i, rng.nextGaussian());
        }
        return t;
    }

    /** t filled with independent values uniform in [lo, hi) from rng; returns t. */
    static Tensor fillUniform(Tensor t, Rng rng, double lo, double hi) {
        for (int i = 0; i < t.size(); i++) {
            t.put(i, rng.uniform(lo, hi));
        }
        return t;
    }

    /** {@link Tensor#toString()}: type, shape, the first values and how it takes part in differentiation. */
    static String text(Tensor t) {
        StringBuilder sb = new StringBuilder("Tensor(").append(t.dtype().name().toLowerCase()).append(' ')
                .append(t.shape());
        int n = Math.min(t.size(), 8);
        sb.append(" [");
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(t.at(t.offset() + i));
        }
        if (t.size() > n) {
            sb.append(", ...");
        }
        sb.append("]");
        if (t.requiresGrad()) {
            sb.append(t.isLeaf() ? " requiresGrad" : " grad_fn=" + ((TensorNode.Recorded) t.node).op);
        }
        return sb.append(')').toString();
    }
}
