package io.descent.tensor;

/**
 * Reductions and the softmax family over one axis. A tensor is viewed as [outer, len, inner] around the
 * axis, so one loop nest serves every rank. Sums accumulate in double, then round once.
 */
final class Reductions {
    private Reductions() {
    }

    static double sumAll(Tensor x) {
        double s = 0;
        int n = x.size();
        int o = x.offset();
        if (x.dtype() == DType.FLOAT32) {
            float[] a = x.floats();
            for (int i = 0; i < n; i++) {
                s += a[o + i];
            }
        } else {
            double[] a = x.doubles();
            for (int i = 0; i < n; i++) {
                s += a[o + i];
            }
        }
        return s;
    }

    /** Sum over {@code axis}; the result has that dimension set to 1 (keepDim shape). */
    static Tensor sum(Tensor x, int axis) {
        Shape s = x.shape();
        int outer = s.outer(axis);
        int len = s.dim(axis);
        int inner = s.inner(axis);
        Tensor out = Tensor.empty(x.dtype(), s.with(axis, 1));
        double[] acc = new double[inner];
        for (int o = 0; o < outer; o++) {
            java.util.Arrays.fill(acc, 0);
            for (int l = 0; l < len; l++) {
                int base = x.offset() + (o * len + l) * inner;
                for (int i = 0; i < inner; i++) {
                    acc[i] += x.at(base + i);
                }
            }
            for (int i = 0; i < inner; i++) {
                out.put(o * inner + i, acc[i]);
            }
        }
        return out;
    }

    /** Maximum over {@code axis} (keepDim shape); {@code argmax} receives the index of the first maximum. */
    static Tensor max(Tensor x, int axis, int[] argmax) {
        Shape s = x.shape();
        int outer = s.outer(axis);
        int len = s.dim(axis);
        int inner = s.inner(axis);
        if (len == 0) {
            throw new IllegalArgumentException("max: " + s + ": axis " + axis + " is empty");
        }
        Tensor out = Tensor.empty(x.dtype(), s.with(axis, 1));
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = x.offset() + o * len * inner + i;
                double best = x.at(base);
                int bestIdx = 0;
                for (int l = 1; l < len; l++) {
                    double v = x.at(base + l * inner);
                    if (v > best || (Double.isNaN(v) && !Double.isNaN(best))) {
                        best = v;
                        bestIdx = l;
                    }
                }
                out.put(o * inner + i, best);
                argmax[o * inner + i] = bestIdx;
            }
        }
        return out;
    }

    /** Copies {@code g} (keepDim shape) along {@code axis} to {@code shape}: the gradient of a sum. */
    static Tensor expand(Tensor g, Shape shape, int axis) {
        int outer = shape.outer(axis);
        int len = shape.dim(axis);
        int inner = shape.inner(axis);
        Tensor out = Tensor.empty(g.dtype(), shape);
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < len; l++) {
                for (int i = 0; i < inner; i++) {
                    out.put((o * len + l) * inner + i, g.at(g.offset() + o * inner + i));
                }
            }
        }
        return out;
    }

    /**
     * softmax(x)_i = exp(x_i - m) / sum_j exp(x_j - m) with m = max_j x_j, or its logarithm
     * x_i - m - log sum_j exp(x_j - m): subtracting the maximum keeps logits of 1000 finite.
     */
    static Tensor softmax(Tensor x, int axis, boolean log) {
        Shape s = x.shape();
        int outer = s.outer(axis);
        int len = s.dim(axis);
        int inner = s.inner(axis);
        Tensor out = Tensor.empty(x.dtype(), s);
        if (inner == 1 && x.dtype() == DType.FLOAT32) {
            softmaxRowsF32(x.floats(), x.offset(), out.floats(), outer, len, log);
            return out;
        }
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) {
                    m = Math.max(m, x.at(x.offset() + base + l * inner));
                }
                double z = 0;
                for (int l = 0; l < len; l++) {
                    z += Math.exp(x.at(x.offset() + base + l * inner) - m);
                }
                double logZ = Math.log(z);
                for (int l = 0; l < len; l++) {
                    double v = x.at(x.offset() + base + l * inner) - m;
                    out.put(base + l * inner, log ? v - logZ : Math.exp(v - logZ));
                }
            }
        }
        return out;
    }

    /** The common case, softmax over the last axis of float32 rows, as plain array loops. */
    private static void softmaxRowsF32(float[] x, int xo, float[] out, int rows, int len, boolean log) {
        for (int r = 0; r < rows; r++) {
            int base = r * len;
            float m = Float.NEGATIVE_INFINITY;
            for (int l = 0; l < len; l++) {
                m = Math.max(m, x[xo + base + l]);
            }
            double z = 0;
            for (int l = 0; l < len; l++) {
                z += Math.exp(x[xo + base + l] - m);
            }
            double logZ = Math.log(z);
            for (int l = 0; l < len; l++) {
                double v = x[xo + base + l] - m;
                out[base + l] = (float) (log ? v - logZ : Math.exp(v - logZ));
            }
        }
    }
}
