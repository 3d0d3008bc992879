package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Gemm;
import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The loops the fused layers share: GEMM on tensors at offsets, bias rows, per-row sums, and the gather and
 * scatter of im2col. Each works on the backing arrays directly (float32 or float64), allocating nothing.
 * Offsets are relative to each tensor's own {@link Tensor#offset()}.
 */
final class Kernels {
    private Kernels() {
    }

    static boolean isF32(Tensor t) {
        return t.dtype() == DType.FLOAT32;
    }

    /**
     * C = op(A) op(B) + beta C, row-major, with C [m, n] starting at element {@code cOff} of {@code c}; see
     * {@link Gemm#sgemm} for the layouts.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, int aOff, Tensor b, int bOff,
            double beta, Tensor c, int cOff) {
        if (isF32(c)) {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a.floats(), a.offset() + aOff, b.floats(), b.offset() + bOff,
                    (float) beta, c.floats(), c.offset() + cOff);
        } else {
            Gemm.dgemm(transA, transB, m, n, k, 1.0, a.doubles(), a.offset() + aOff, b.doubles(), b.offset() + bOff,
                    beta, c.doubles(), c.offset() + cOff);
        }
    }

    /**
     * Fills {@code rows} rows of {@code cols} values of {@code c}, from element {@code cOff}, so that row r
     * holds {@code bias[r]} everywhere ({@code perRow}) or so that every row is a copy of {@code bias}.
     */
    static void fillBias(Tensor c, int cOff, int rows, int cols, Tensor bias, boolean perRow) {
        int bo = bias.offset();
        if (isF32(c)) {
            float[] o = c.floats();
            float[] b = bias.floats();
            for (int r = 0; r < rows; r++) {
                int at = c.offset() + cOff + r * cols;
                if (perRow) {
                    Arrays.fill(o, at, at + cols, b[bo + r]);
                } else {
                    System.arraycopy(b, bo, o, at, cols);
                }
            }
        } else {
            double[] o = c.doubles();
            double[] b = bias.doubles();
            for (int r = 0; r < rows; r++) {
                int at = c.offset() + cOff + r * cols;
                if (perRow) {
                    Arrays.fill(o, at, at + cols, b[bo + r]);
                } else {
                    System.arraycopy(b, bo, o, at, cols);
                }
            }
        }
    }

    /**
     * Adds up {@code g} viewed as [outer, len, inner] over outer and inner, into {@code out[len]}: the gradient
     * of a bias added to every row ({@code inner = 1}) or to every position of every channel.
     */
    static Tensor sumKeeping(Tensor g, int outer, int len, int inner) {
        double[] acc = new double[len];
        int go = g.offset();
        if (isF32(g)) {
            float[] x = g.floats();
            for (int o = 0; o < outer; o++) {
                for (int l = 0; l < len; l++) {
                    int at = go + (o * len + l) * inner;
                    double s = 0;
                    for (int i = 0; i < inner; i++) {
                        s += x[at + i];
                    }
                    acc[l] += s;
                }
            }
        } else {
            double[] x = g.doubles();
            for (int o = 0; o < outer; o++) {
                for (int l = 0; l < len; l++) {
                    int at = go + (o * len + l) * inner;
                    double s = 0;
                    for (int i = 0; i < inner; i++) {
                        s += x[at + i];
                    }
                    acc[l] += s;
                }
            }
        }
        return fromDoubles(acc, g.dtype(), len);
    }

    /** A tensor of the given type holding {@code values}. */
    static Tensor fromDoubles(double[] values, DType dtype, int... shape) {
        if (dtype == DType.FLOAT64) {
            return Tensor.wrap(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.wrap(f, shape);
    }

    /** out[i] = index[i] < 0 ? 0 : x[xOff + index[i]] for every i: im2col as a gather. */
    static void gather(Tensor x, int xOff, int[] index, Tensor out) {
        int base = x.offset() + xOff;
        int oo = out.offset();
        if (isF32(x)) {
            float[] a = x.floats();
            float[] o = out.floats();
            for (int i = 0; i < index.length; i++) {
                int j = index[i];
                o[oo + i] = j < 0 ? 0f : a[base + j];
            }
        } else {
            double[] a = x.doubles();
            double[] o = out.doubles();
            for (int i = 0; i < index.length; i++) {
                int j = index[i];
                o[oo + i] = j < 0 ? 0.0 : a[base + j];
            }
        }
    }

    /** dx[dxOff + index[i]] += cols[i] where index[i] >= 0: col2im, the adjoint of {@link #gather}. */
    static void scatterAdd(Tensor cols, int[] index, Tensor dx, int dxOff) {
        int base = dx.offset() + dxOff;
        int co = cols.offset();
        if (isF32(dx)) {
            float[] c = cols.floats();
            float[] o = dx.floats();
            for (int i = 0; i < index.length; i++) {
                int j = index[i];
                if (j >= 0) {
                    o[base + j] += c[co + i];
                }
            }
        } else {
            double[] c = cols.doubles();
            double[] o = dx.doubles();
            for (int i = 0; i < index.length; i++) {
                int j = index[i];
                if (j >= 0) {
                    o[base + j] += c[co + i];
                }
            }
        }
    }

    /** Fails with a message naming the layer unless {@code x} has the layer's dtype. */
    static void checkDType(Object layer, DType dtype, Tensor x) {
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(layer + ": input is " + Spec.dtypeName(x.dtype()) + " " + x.shape()
                    + " but the layer is " + Spec.dtypeName(dtype) + "; convert the input with to(DType) or build "
                    + "the layer in " + Spec.dtypeName(x.dtype()));
        }
    }
}
