package io.descent.dnnl;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.Backend;
import io.descent.tensor.Backend.ConvolutionShape;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * oneDNN's three convolution kernels against the im2col + BLAS path, to float32 rounding: each result within
 * 1e-5 of the sum of the absolute values of its terms (the same convolutions on |x|, |W|, |dy|), at offsets into
 * larger arrays whose other elements must stay untouched. Both layouts (the primitives' choice and plain nchw).
 */
class DnnlConvolutionTest {
    private static final DnnlBackend BACKEND = new DnnlBackend();
    private static final double TOLERANCE = 1e-5;
    private static final float GUARD = 7.5f;

    @ParameterizedTest(name = "[{index}] n={0} c={1} {2}x{3} o={4} k={5} s={6} p={7} {8}")
    @CsvSource({
        // n, c, h, w, o, kernel, stride, padding, layout
        "128, 1, 28, 28, 32, 5, 1, 2, CHOSEN",     // the CNN's first layer
        "128, 32, 14, 14, 64, 5, 1, 2, CHOSEN",    // and its second
        "2, 32, 14, 14, 64, 5, 1, 2, PLAIN",       // (oneDNN falls back to reference kernels on nchw here: slow)
        "1, 3, 9, 7, 5, 3, 1, 1, CHOSEN",
        "1, 3, 9, 7, 5, 3, 1, 1, PLAIN",
        "2, 3, 11, 10, 8, 3, 2, 1, CHOSEN",        // stride 2, sizes that do not divide
        "3, 32, 8, 8, 16, 1, 1, 0, CHOSEN",        // 1x1
        "3, 32, 8, 8, 16, 1, 2, 0, PLAIN",
        "4, 3, 12, 12, 17, 5, 1, 0, CHOSEN",       // no padding, channels not a multiple of 16
        "2, 1, 6, 6, 3, 3, 3, 2, CHOSEN",
    })
    void matchesIm2col(int n, int c, int h, int w, int o, int kernel, int stride, int padding, String layout) {
        ConvolutionShape s = new ConvolutionShape(n, c, h, w, o, kernel, stride, padding);
        DnnlConvolution dnnl = new DnnlConvolution(s, DnnlConvolution.Layout.valueOf(layout));
        Im2colConvolution ref = new Im2colConvolution(s);
        Im2colConvolution bound = new Im2colConvolution(s);
        Random r = new Random(n * 1000L + c * 100L + kernel * 10L + stride);
        int xLen = n * c * h * w;
        int wLen = o * c * kernel * kernel;
        int yLen = n * o * s.outHeight() * s.outWidth();
        float[] x = random(r, 3 + xLen);
        float[] wt = random(r, 5 + wLen);
        float[] b = random(r, 2 + o);
        float[] gy = random(r, 4 + yLen);

        float[] y = guarded(1 + yLen);
        float[] yRef = new float[yLen];
        float[] yBound = new float[yLen];
        dnnl.forward(x, 3, wt, 5, b, 2, y, 1);
        ref.forward(x, 3, wt, 5, b, 2, yRef, 0);
        bound.forward(abs(x), 3, abs(wt), 5, abs(b), 2, yBound, 0);
        assertClose("forward y", y, 1, yRef, yBound);

        float[] gx = guarded(2 + xLen);
        float[] gxRef = new float[xLen];
        float[] gxBound = new float[xLen];
        dnnl.backwardData(gy, 4, wt, 5, gx, 2);
        ref.backwardData(gy, 4, wt, 5, gxRef, 0);
        bound.backwardData(abs(gy), 4, abs(wt), 5, gxBound, 0);
        assertClose("backward-data dx", gx, 2, gxRef, gxBound);

        float[] gw0 = random(r, wLen);
        float[] gw = guarded(6 + wLen);
        System.arraycopy(gw0, 0, gw, 6, wLen);
        float[] gb = guarded(3 + o);
        float[] gwRef = gw0.clone();
        float[] gwBound = abs(gw0);
        float[] gbRef = new float[o];
        float[] gbBound = new float[o];
        java.util.Arrays.fill(gbRef, GUARD);
        java.util.Arrays.fill(gbBound, GUARD);
        dnnl.backwardWeights(x, 3, gy, 4, 0.5f, gw, 6, gb, 3);
        ref.backwardWeights(x, 3, gy, 4, 0.5f, gwRef, 0, gbRef, 0);
        bound.backwardWeights(abs(x), 3, abs(gy), 4, 0.5f, gwBound, 0, gbBound, 0);
        assertClose("backward-weights dW", gw, 6, gwRef, gwBound);
        assertClose("backward-weights db", gb, 3, gbRef, gbBound);

        float[] gwFresh = new float[wLen];
        dnnl.backwardWeights(x, 3, gy, 4, 0f, gwFresh, 0, null, 0);       // beta 0 overwrites; no bias gradient
        float[] gwFreshRef = new float[wLen];
        ref.backwardWeights(x, 3, gy, 4, 0f, gwFreshRef, 0, null, 0);
        assertClose("backward-weights dW, beta 0", gwFresh, 0, gwFreshRef, gwBound);
    }

    @ParameterizedTest
    @CsvSource({"CHOSEN", "PLAIN"})
    void forwardWithoutBiasAddsNothing(String layout) {
        ConvolutionShape s = new ConvolutionShape(2, 3, 7, 7, 4, 3, 1, 1);
        Backend.Convolution dnnl = new DnnlConvolution(s, DnnlConvolution.Layout.valueOf(layout));
        Im2colConvolution ref = new Im2colConvolution(s);
        Random r = new Random(3);
        float[] x = random(r, 2 * 3 * 49);
        float[] w = random(r, 4 * 3 * 9);
        float[] b = random(r, 4);
        float[] y = new float[2 * 4 * 49];
        float[] yRef = new float[y.length];
        float[] bound = new float[y.length];
        dnnl.forward(x, 0, w, 0, b, 0, y, 0);               // a bias first, then none: the bias buffer is cleared
        dnnl.forward(x, 0, w, 0, null, 0, y, 0);
        ref.forward(x, 0, w, 0, null, 0, yRef, 0);
        new Im2colConvolution(s).forward(abs(x), 0, abs(w), 0, null, 0, bound, 0);
        assertClose("y without bias", y, 0, yRef, bound);
    }

    /**
     * actual[offset + i] against expected[i], and every element of actual outside that range still GUARD; the
     * element furthest out of its tolerance is the one asserted (an assertion per element is slow at 3 M).
     */
    private static void assertClose(String what, float[] actual, int offset, float[] expected, float[] bound) {
        for (int i = 0; i < actual.length; i++) {
            if ((i < offset || i >= offset + expected.length) && actual[i] != GUARD) {
                assertThat(actual[i]).as("%s: element %d outside the result", what, i).isEqualTo(GUARD);
            }
        }
        int worst = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < expected.length; i++) {
            double excess = Math.abs((double) actual[offset + i] - expected[i]) - tolerance(bound[i]);
            if (!(excess <= worstExcess)) {          // NaN counts as worst
                worst = i;
                worstExcess = excess;
            }
        }
        assertThat((double) actual[offset + worst]).as("%s[%d]", what, worst)
                .isCloseTo(expected[worst], org.assertj.core.data.Offset.offset(tolerance(bound[worst])));
    }

    private static double tolerance(float bound) {
        return TOLERANCE * Math.abs(bound) + 1e-30;
    }

    private static float[] guarded(int size) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, GUARD);
        return a;
    }

    private static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }

    private static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
