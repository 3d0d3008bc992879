package io.descent.nn;

import io.descent.tensor.DType;
import io.descent.tensor.Gemm;
import io.descent.tensor.Parallel;
import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The loops the fused layers share: GEMM on tensors at offsets, bias rows, per-row sums, the layout changes
 * of a convolution's blocks, and the gather and scatter of pooling. Each works on the backing arrays directly
 * (float32 or float64), the large ones split across the cores ({@link Parallel}). Offsets are relative to
 * each tensor's own {@link Tensor#offset()}.
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
     * Every row of a [rows, cols] y set to b, or to zeros when b is null: where a linear layer's product
     * starts, as in PyTorch's {@code addmm(b, x, W^T)} (the product is then added with GEMM's beta = 1).
     * Starting from the bias rows takes one pass over y, where zeroing it for the product and adding the bias
     * afterwards would take two.
     */
    static void fillRows(Tensor y, int rows, int cols, Tensor b) {
        int yo = y.offset();
        boolean f32 = isF32(y);
        if (b == null) {
            if (f32) {
                Arrays.fill(y.floats(), yo, yo + rows * cols, 0f);
            } else {
                Arrays.fill(y.doubles(), yo, yo + rows * cols, 0.0);
            }
            return;
        }
        Object row = f32 ? b.toFloatArray() : b.toDoubleArray();     // arraycopy copies either type
        Object out = f32 ? y.floats() : y.doubles();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(row, 0, out, yo + r * cols, cols);
        }
    }

    /**
     * a = max(0, p) over [rows, cols], and p's rows set back to b (zeros when b is null) in the same pass:
     * the ReLU after a linear layer in inference, which leaves the layer's product buffer ready for the next
     * batch ({@link #fillRows}) while its rows are still in the cache. Math.max, as ReLU: NaN stays NaN.
     */
    static void rectifyRefilling(Tensor p, Tensor a, int rows, int cols, Tensor b) {
        int po = p.offset();
        int ao = a.offset();
        if (isF32(p)) {
            float[] pv = p.floats();
            float[] av = a.floats();
            float[] bv = b == null ? new float[cols] : b.toFloatArray();
            Parallel.forRange(rows, Math.max(1, Parallel.GRAIN / Math.max(1, cols)), (from, to) -> {
                float[] row = new float[cols];          // a copy at index 0, as bv: the loop Java 17 vectorizes
                for (int r = from; r < to; r++) {
                    System.arraycopy(pv, po + r * cols, row, 0, cols);
                    for (int c = 0; c < cols; c++) {
                        row[c] = Math.max(row[c], 0f);
                    }
                    System.arraycopy(row, 0, av, ao + r * cols, cols);
                    System.arraycopy(bv, 0, pv, po + r * cols, cols);
                }
            });
        } else {
            double[] pv = p.doubles();
            double[] av = a.doubles();
            double[] bv = b == null ? new double[cols] : b.toDoubleArray();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    av[ao + r * cols + c] = Math.max(pv[po + r * cols + c], 0.0);
                }
                System.arraycopy(bv, 0, pv, po + r * cols, cols);
            }
        }
    }

    /**
     * Adds up {@code g} viewed as [outer, len, inner] over outer and inner, into {@code out[len]}: the gradient
     * of a bias added to every row ({@code inner = 1}) or to every position of every channel. Each sum is
     * taken in the same order whatever the number of threads (the threads split the len sums).
     */
    static Tensor sumKeeping(Tensor g, int outer, int len, int inner) {
        double[] acc = new double[len];
        int go = g.offset();
        int perThread = Math.max(1, Parallel.GRAIN / Math.max(1, outer * inner));
        Parallel.forRange(len, perThread, (from, to) -> {
            if (inner == 1 && isF32(g)) {
                columnSums(g.floats(), go, outer, len, from, to, acc);    // the bias of a linear layer
                return;
            }
            if (isF32(g)) {
                for (int l = from; l < to; l++) {                           // the bias of a convolution
                    acc[l] += blockSums(g.floats(), go + l * inner, outer, len * inner, inner);
                }
                return;
            }
            double[] x = g.doubles();
            for (int o = 0; o < outer; o++) {
                for (int l = from; l < to; l++) {
                    int at = go + (o * len + l) * inner;
                    double s = 0;
                    for (int i = 0; i < inner; i++) {
                        s += x[at + i];
                    }
                    acc[l] += s;
                }
            }
        });
        return fromDoubles(acc, g.dtype(), len);
    }

    /**
     * acc[l] += the sum over rows o of x[at + o len + l], for l in [from, to): the column sums of a row-major
     * float32 matrix. Each row's stretch is copied to an array that starts at index 0 and added in float, a loop
     * Java 17 vectorizes (x[row + l] next to acc[l] stays scalar, 3 times slower); the float sums go to double
     * every 256 rows, so that a tall matrix loses no more than a float sum of 256 values does.
     */
    static void columnSums(float[] x, int at, int rows, int len, int from, int to, double[] acc) {
        float[] part = new float[to - from];
        float[] row = new float[to - from];
        for (int o = 0; o < rows; o++) {
            System.arraycopy(x, at + o * len + from, row, 0, row.length);
            addTo(part, row);
            if ((o & 255) == 255 || o == rows - 1) {
                for (int l = from; l < to; l++) {
                    acc[l] += part[l - from];
                }
                Arrays.fill(part, 0f);
            }
        }
    }

    /** acc[i] += row[i]. */
    private static void addTo(float[] acc, float[] row) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += row[i];
        }
    }

    /**
     * The sum of {@code count} blocks of {@code size} values, block o starting at x[at + o step]: the values of
     * one channel in every sample. They are the rows of a matrix with row length {@code step}, so the column
     * sums of {@link #columnSums} (float on copies that start at index 0, which Java 17 vectorizes where a
     * running sum stays scalar, flushed to double every 256 rows) add them, and the columns then add up, in
     * vector code rather than one scalar running sum per channel.
     */
    static double blockSums(float[] x, int at, int count, int step, int size) {
        double[] columns = new double[size];
        columnSums(x, at, count, step, 0, size, columns);
        double total = 0;
        for (double c : columns) {
            total += c;
        }
        return total;
    }

    /**
     * The output of a block of {@code samples} samples computed as one matrix [channels, samples positions]
     * (column n P + j for sample n, position j), copied into y [N, channels, positions] from sample
     * {@code first} on, each channel plus its bias (none when {@code bias} is null).
     */
    static void blockToSamples(Tensor block, int samples, int channels, int positions, Tensor bias, Tensor y,
            int first) {
        int width = samples * positions;
        Parallel.forRange(samples, Math.max(1, Parallel.GRAIN / (channels * positions)), (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int c = 0; c < channels; c++) {
                    int src = block.offset() + c * width + n * positions;
                    int dst = y.offset() + ((first + n) * channels + c) * positions;
                    if (isF32(y)) {
                        float b = bias == null ? 0f : bias.floats()[bias.offset() + c];
                        float[] in = block.floats();
                        float[] out = y.floats();
                        for (int j = 0; j < positions; j++) {
                            out[dst + j] = in[src + j] + b;
                        }
                    } else {
                        double b = bias == null ? 0.0 : bias.doubles()[bias.offset() + c];
                        double[] in = block.doubles();
                        double[] out = y.doubles();
                        for (int j = 0; j < positions; j++) {
                            out[dst + j] = in[src + j] + b;
                        }
                    }
                }
            }
        });
    }

    /** The reverse layout change: samples [first, first + samples) of g [N, channels, positions] into a block. */
    static void samplesToBlock(Tensor g, int first, int samples, int channels, int positions, Tensor block) {
        int width = samples * positions;
        for (int n = 0; n < samples; n++) {
            for (int c = 0; c < channels; c++) {
                int src = g.offset() + ((first + n) * channels + c) * positions;
                int dst = block.offset() + c * width + n * positions;
                if (isF32(g)) {
                    System.arraycopy(g.floats(), src, block.floats(), dst, positions);
                } else {
                    System.arraycopy(g.doubles(), src, block.doubles(), dst, positions);
                }
            }
        }
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

    /** out[i] = x[index[i]] for i in [from, to) (indices relative to x's offset). */
    static void gather(Tensor x, int[] index, int from, int to, Tensor out) {
        int base = x.offset();
        int oo = out.offset();
        if (isF32(x)) {
            float[] a = x.floats();
            float[] o = out.floats();
            for (int i = from; i < to; i++) {
                o[oo + i] = a[base + index[i]];
            }
        } else {
            double[] a = x.doubles();
            double[] o = out.doubles();
            for (int i = from; i < to; i++) {
                o[oo + i] = a[base + index[i]];
            }
        }
    }

    /** dx[index[i]] += g[i] for i in [from, to): the adjoint of {@link #gather}. */
    static void scatterAdd(Tensor g, int[] index, int from, int to, Tensor dx) {
        int base = dx.offset();
        int go = g.offset();
        if (isF32(dx)) {
            float[] c = g.floats();
            float[] o = dx.floats();
            for (int i = from; i < to; i++) {
                o[base + index[i]] += c[go + i];
            }
        } else {
            double[] c = g.doubles();
            double[] o = dx.doubles();
            for (int i = from; i < to; i++) {
                o[base + index[i]] += c[go + i];
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
