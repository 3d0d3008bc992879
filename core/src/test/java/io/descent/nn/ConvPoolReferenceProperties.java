package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Conv2d and MaxPool2d against the definitions written as plain nested loops, on random inputs, shapes,
 * strides and paddings; the gradients against the loops' adjoints (each output's gradient sent back along
 * the same index arithmetic).
 */
class ConvPoolReferenceProperties {

    @Property(tries = 60)
    void conv2dMatchesNestedLoops(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 3) int cin,
            @ForAll @IntRange(min = 1, max = 4) int cout, @ForAll @IntRange(min = 1, max = 4) int k,
            @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
            @ForAll @IntRange(min = 0, max = 5) int extraH, @ForAll @IntRange(min = 0, max = 5) int extraW,
            @ForAll boolean bias, @ForAll boolean f64, @ForAll boolean blockPerSample, @ForAll long seed) {
        int h = Math.max(1, k - 2 * pad) + extraH;
        int w = Math.max(1, k - 2 * pad) + extraW;
        checkConv(n, cin, cout, k, stride, pad, h, w, bias, f64, blockPerSample, seed);
    }

    /** Images large enough that im2col, col2im and the pooling split their samples across threads. */
    @Example
    void largeInputsSplitAcrossThreads() {
        checkConv(6, 3, 4, 5, 1, 2, 28, 28, true, false, false, 1);
        checkConv(6, 3, 4, 5, 1, 2, 28, 28, true, false, true, 2);
        checkPool(16, 32, 2, 2, 28, 28, false, 3);
    }

    /** "Same" padding (output size = input size) takes Im2col's one-copy path; images smaller than the kernel too. */
    @Example
    void samePaddingOnSmallAndOddImages() {
        int seed = 10;
        for (int[] hw : new int[][] {{1, 1}, {2, 3}, {3, 2}, {5, 4}, {7, 7}}) {
            checkConv(2, 2, 3, 3, 1, 1, hw[0], hw[1], true, false, false, seed++);
            checkConv(2, 2, 3, 5, 1, 2, hw[0], hw[1], true, false, true, seed++);
            checkConv(2, 1, 2, 1, 1, 0, hw[0], hw[1], false, false, false, seed++);
        }
    }

    private static void checkConv(int n, int cin, int cout, int k, int stride, int pad, int h, int w, boolean bias,
            boolean f64, boolean blockPerSample, long seed) {
        DType dtype = f64 ? DType.FLOAT64 : DType.FLOAT32;
        Conv2d conv = new Conv2d(cin, cout, k, stride, pad, bias, dtype, new Rng(seed));
        if (blockPerSample) {
            conv.withBlockBudget(1); // one sample per im2col block: the layout across several blocks
        }
        Tensor x = Tensor.randn(new Rng(seed + 1), dtype, n, cin, h, w).requiresGrad(true);
        Tensor y = conv.forward(x);
        Tensor g = Tensor.randn(new Rng(seed + 2), dtype, y.shape().dims());
        y.backward(g);

        double[] xs = x.toDoubleArray();
        double[] ws = conv.weight().value().toDoubleArray();
        double[] bs = bias ? conv.bias().value().toDoubleArray() : new double[cout];
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        assertThat(y.shape().dims()).containsExactly(n, cout, oh, ow);
        double[] expected = new double[n * cout * oh * ow];
        double[] gs = g.toDoubleArray();
        double[] dx = new double[xs.length];
        double[] dw = new double[ws.length];
        double[] db = new double[cout];
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < cout; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int out = ((s * cout + o) * oh + i) * ow + j;
                        double acc = bs[o];
                        for (int c = 0; c < cin; c++) {
                            for (int p = 0; p < k; p++) {
                                for (int q = 0; q < k; q++) {
                                    int r = i * stride - pad + p;
                                    int col = j * stride - pad + q;
                                    if (r < 0 || r >= h || col < 0 || col >= w) {
                                        continue;
                                    }
                                    int xi = ((s * cin + c) * h + r) * w + col;
                                    int wi = ((o * cin + c) * k + p) * k + q;
                                    acc += ws[wi] * xs[xi];
                                    dx[xi] += ws[wi] * gs[out];
                                    dw[wi] += xs[xi] * gs[out];
                                }
                            }
                        }
                        expected[out] = acc;
                        db[o] += gs[out];
                    }
                }
            }
        }
        double tol = f64 ? 1e-12 : 1e-4;
        assertClose(y.toDoubleArray(), expected, tol);
        assertClose(x.grad().toDoubleArray(), dx, tol);
        assertClose(conv.weight().grad().toDoubleArray(), dw, tol);
        if (bias) {
            assertClose(conv.bias().grad().toDoubleArray(), db, tol);
        }
    }

    @Property(tries = 60)
    void maxPoolMatchesNestedLoops(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 4) int stride,
            @ForAll @IntRange(min = 0, max = 6) int extraH, @ForAll @IntRange(min = 0, max = 6) int extraW,
            @ForAll boolean f64, @ForAll long seed) {
        checkPool(n, c, k, stride, k + extraH, k + extraW, f64, seed);
    }

    private static void checkPool(int n, int c, int k, int stride, int h, int w, boolean f64, long seed) {
        DType dtype = f64 ? DType.FLOAT64 : DType.FLOAT32;
        Tensor x = Tensor.randn(new Rng(seed), dtype, n, c, h, w).requiresGrad(true);
        Tensor y = new MaxPool2d(k, stride).forward(x);
        Tensor g = Tensor.randn(new Rng(seed + 1), dtype, y.shape().dims());
        y.backward(g);

        double[] xs = x.toDoubleArray();
        double[] gs = g.toDoubleArray();
        int oh = (h - k) / stride + 1;
        int ow = (w - k) / stride + 1;
        assertThat(y.shape().dims()).containsExactly(n, c, oh, ow);
        double[] expected = new double[n * c * oh * ow];
        double[] dx = new double[xs.length];
        for (int plane = 0; plane < n * c; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int p = 0; p < k; p++) {
                        for (int q = 0; q < k; q++) {
                            int xi = (plane * h + i * stride + p) * w + j * stride + q;
                            if (xs[xi] > best) {
                                best = xs[xi];
                                arg = xi;
                            }
                        }
                    }
                    int out = (plane * oh + i) * ow + j;
                    expected[out] = best;
                    dx[arg] += gs[out];
                }
            }
        }
        assertClose(y.toDoubleArray(), expected, 0);
        assertClose(x.grad().toDoubleArray(), dx, f64 ? 1e-12 : 1e-5);
    }

    private static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("element %d: %s vs %s", i, actual[i], expected[i])
                    .isLessThanOrEqualTo(tol * Math.max(1, Math.abs(expected[i])));
        }
    }
}
