package io.descent.dnnl;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.Backend.ConvolutionShape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * oneDNN's conv -> ReLU -> 2 x 2 max pooling block against the three steps in Java (im2col + BLAS, max(., 0),
 * the first maximum of each window), forward and backward, to float32 rounding: each result within 1e-5 of the
 * same computation on absolute values. A window whose two largest rectified values lie within that rounding
 * could route its gradient to either element; the test data (fixed seeds) are checked to have none, so the comparison is
 * exact about where every gradient goes.
 */
class DnnlConvolutionReluPoolTest {
    private static final DnnlBackend BACKEND = new DnnlBackend();
    private static final double TOLERANCE = 1e-5;
    private static final float GUARD = 7.5f;
    /**
     * Two rectified values of a window closer than this (times the bound) are a near tie: ten times the
     * typical rounding difference of the two convolutions (float32 sums of up to 800 terms), far below TOLERANCE.
     */
    private static final double NEAR_TIE = 1e-6;

    @ParameterizedTest(name = "[{index}] n={0} c={1} {2}x{3} o={4} k={5} s={6} p={7}")
    @CsvSource({
        // n, c, h, w, o, kernel, stride, padding
        "2, 1, 28, 28, 32, 5, 1, 2",     // the CNN's first block
        "2, 32, 14, 14, 64, 5, 1, 2",    // and its second
        "3, 3, 10, 12, 17, 3, 1, 1",     // channels not a multiple of 16, a wide image
        "2, 4, 13, 13, 8, 3, 2, 2",      // stride 2
    })
    void matchesTheThreeLayersInJava(int n, int c, int h, int w, int o, int kernel, int stride, int padding) {
        ConvolutionShape s = new ConvolutionShape(n, c, h, w, o, kernel, stride, padding);
        DnnlConvolutionReluPool block = (DnnlConvolutionReluPool) BACKEND.convolutionReluPoolAnySize(s);
        assertThat(block).as("oneDNN's block for %s", s).isNotNull();
        Random r = new Random(31L * n + 7L * c + o);
        Data d = new Data(s, r);
        Reference ref = new Reference(s, d.x, d.w, d.b);

        float[] p = guarded(1 + ref.p.length);
        long state = block.forward(d.x, 3, d.w, 5, d.b, 2, p, 1);
        assertClose("pooled", p, 1, ref.p, ref.pBound);

        float[] gp = random(r, 4 + ref.p.length);
        ref.backward(gp, 4);
        float[] gx = guarded(2 + ref.gx.length);
        float[] gw0 = random(r, ref.gw.length);
        float[] gw = guarded(6 + gw0.length);
        System.arraycopy(gw0, 0, gw, 6, gw0.length);
        float[] gb = guarded(3 + o);
        block.backward(state, gp, 4, d.x, 3, d.w, 5, d.b, 2, gx, 2, 0.5f, gw, 6, gb, 3);
        assertClose("dx", gx, 2, ref.gx, ref.gxBound);
        float[] gwExpected = new float[gw0.length];
        float[] gwBound = new float[gw0.length];
        for (int i = 0; i < gw0.length; i++) {
            gwExpected[i] = 0.5f * gw0[i] + ref.gw[i];
            gwBound[i] = 0.5f * Math.abs(gw0[i]) + ref.gwBound[i];
        }
        assertClose("dW (beta 0.5)", gw, 6, gwExpected, gwBound);
        float[] gbExpected = new float[o];
        float[] gbBound = new float[o];
        for (int i = 0; i < o; i++) {
            gbExpected[i] = GUARD + ref.gb[i];
            gbBound[i] = GUARD + ref.gbBound[i];
        }
        assertClose("db (added)", gb, 3, gbExpected, gbBound);
    }

    @Test
    void aBackwardPassAfterAnotherForwardPassRecomputesItsOwnState() {
        ConvolutionShape s = new ConvolutionShape(2, 3, 8, 8, 16, 3, 1, 1);
        DnnlConvolutionReluPool block = (DnnlConvolutionReluPool) BACKEND.convolutionReluPoolAnySize(s);
        Random r = new Random(5);
        Data first = new Data(s, r);
        Data second = new Data(s, r);
        Reference ref = new Reference(s, first.x, first.w, first.b);
        float[] gp = random(r, ref.p.length);
        ref.backward(gp, 0);

        float[] p = new float[ref.p.length];
        long firstState = block.forward(first.x, 3, first.w, 5, first.b, 2, p, 0);
        long secondState = block.forward(second.x, 3, second.w, 5, second.b, 2, p, 0);
        assertThat(secondState).isNotEqualTo(firstState);
        float[] gx = new float[ref.gx.length];
        float[] gw = new float[ref.gw.length];
        float[] gb = new float[s.o()];
        block.backward(firstState, gp, 0, first.x, 3, first.w, 5, first.b, 2, gx, 0, 0f, gw, 0, gb, 0);
        assertClose("dx of the first batch", gx, 0, ref.gx, ref.gxBound);
        assertClose("dW of the first batch", gw, 0, ref.gw, ref.gwBound);
        assertClose("db of the first batch", gb, 0, ref.gb, ref.gbBound);

        // and the second's state is the first's again now: its backward pass recomputes too
        Reference secondRef = new Reference(s, second.x, second.w, second.b);
        secondRef.backward(gp, 0);
        block.backward(secondState, gp, 0, second.x, 3, second.w, 5, second.b, 2, gx, 0, 0f, gw, 0, null, 0);
        assertClose("dx of the second batch", gx, 0, secondRef.gx, secondRef.gxBound);
        assertClose("dW of the second batch", gw, 0, secondRef.gw, secondRef.gwBound);
    }

    @Test
    void noInputGradientAndNoBias() {
        ConvolutionShape s = new ConvolutionShape(2, 3, 8, 8, 16, 3, 1, 1);
        DnnlConvolutionReluPool block = (DnnlConvolutionReluPool) BACKEND.convolutionReluPoolAnySize(s);
        Random r = new Random(9);
        Data d = new Data(s, r);
        float[] b = new float[2 + s.o()];
        Reference ref = new Reference(s, d.x, d.w, b);
        float[] p = new float[ref.p.length];
        long state = block.forward(d.x, 3, d.w, 5, d.b, 2, p, 0);     // a bias first, then none: cleared
        state = block.forward(d.x, 3, d.w, 5, null, 0, p, 0);
        assertClose("pooled without bias", p, 0, ref.p, ref.pBound);
        float[] gp = random(r, ref.p.length);
        ref.backward(gp, 0);
        float[] gw = new float[ref.gw.length];
        block.backward(state, gp, 0, d.x, 3, d.w, 5, null, 0, null, 0, 0f, gw, 0, null, 0);
        assertClose("dW without dx", gw, 0, ref.gw, ref.gwBound);
    }

    @Test
    void declinesOddOutputs() {
        assertThat(BACKEND.convolutionReluPoolAnySize(new ConvolutionShape(1, 3, 7, 7, 4, 3, 1, 1))).isNull();
        assertThat(BACKEND.convolutionReluPoolAnySize(new ConvolutionShape(1, 3, 8, 7, 4, 3, 1, 1))).isNull();
    }

    @Test
    void theBenchCnnsBlocksRunOnOneDnnAndSmallOnesDoNot() {
        assertThat(BACKEND.convolutionReluPool(new ConvolutionShape(128, 1, 28, 28, 32, 5, 1, 2))).isNotNull();
        assertThat(BACKEND.convolutionReluPool(new ConvolutionShape(128, 32, 14, 14, 64, 5, 1, 2))).isNotNull();
        assertThat(BACKEND.convolutionReluPool(new ConvolutionShape(2, 3, 8, 8, 16, 3, 1, 1))).isNull();
    }

    /** Random input, weights and bias of a shape. */
    private static final class Data {
        final float[] x;
        final float[] w;
        final float[] b;

        Data(ConvolutionShape s, Random r) {
            x = random(r, 3 + s.n() * s.c() * s.h() * s.w());
            w = random(r, 5 + s.o() * s.c() * s.kernel() * s.kernel());
            b = random(r, 2 + s.o());
        }
    }

    /** The three layers in Java, with their bounds (the same sums over absolute values) for the tolerance. */
    private static final class Reference {
        final ConvolutionShape s;
        final float[] x;
        final float[] w;
        final float[] rectified;
        final float[] p;
        final float[] pBound;
        final int[] arg;
        float[] gx;
        float[] gxBound;
        final float[] gw;
        final float[] gwBound;
        final float[] gb;
        final float[] gbBound;

        Reference(ConvolutionShape s, float[] x, float[] w, float[] b) {
            this.s = s;
            this.x = x;
            this.w = w;
            int conv = s.n() * s.o() * s.outHeight() * s.outWidth();
            float[] y = new float[conv];
            float[] yBound = new float[conv];
            new Im2colConvolution(s).forward(x, 3, w, 5, b, 2, y, 0);
            new Im2colConvolution(s).forward(abs(x), 3, abs(w), 5, abs(b), 2, yBound, 0);
            rectified = new float[conv];
            for (int i = 0; i < conv; i++) {
                rectified[i] = Math.max(y[i], 0f);
            }
            int oh = s.outHeight() / 2;
            int ow = s.outWidth() / 2;
            p = new float[s.n() * s.o() * oh * ow];
            pBound = new float[p.length];
            arg = new int[p.length];
            for (int plane = 0; plane < s.n() * s.o(); plane++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int e = plane * s.outHeight() * s.outWidth() + 2 * i * s.outWidth() + 2 * j;
                        int[] window = {e, e + 1, e + s.outWidth(), e + s.outWidth() + 1};
                        int best = window[0];
                        float second = Float.NEGATIVE_INFINITY;
                        for (int q = 1; q < 4; q++) {
                            if (rectified[window[q]] > rectified[best]) {
                                second = Math.max(second, rectified[best]);
                                best = window[q];
                            } else {
                                second = Math.max(second, rectified[window[q]]);
                            }
                        }
                        int at = (plane * oh + i) * ow + j;
                        float bound = 0;
                        for (int q : window) {
                            bound = Math.max(bound, yBound[q]);
                        }
                        assertThat(rectified[best] > 0 && rectified[best] - second <= NEAR_TIE * bound)
                                .as("the test data's window %d has a near tie: %s and %s", at, rectified[best], second)
                                .isFalse();
                        arg[at] = best;
                        p[at] = rectified[best];
                        pBound[at] = bound;
                    }
                }
            }
            gw = new float[s.o() * s.c() * s.kernel() * s.kernel()];
            gwBound = new float[gw.length];
            gb = new float[s.o()];
            gbBound = new float[s.o()];
        }

        /** The gradients from gp[gpOff ..]: the pooled gradient to each window's maximum, where it is above 0. */
        void backward(float[] gp, int gpOff) {
            int conv = rectified.length;
            float[] gz = new float[conv];
            float[] gzBound = new float[conv];
            for (int at = 0; at < p.length; at++) {
                if (rectified[arg[at]] > 0) {
                    gz[arg[at]] = gp[gpOff + at];
                    gzBound[arg[at]] = Math.abs(gp[gpOff + at]);
                }
            }
            int xLen = s.n() * s.c() * s.h() * s.w();
            gx = new float[xLen];
            gxBound = new float[xLen];
            Im2colConvolution im2col = new Im2colConvolution(s);
            im2col.backwardData(gz, 0, w, 5, gx, 0);
            im2col.backwardData(gzBound, 0, abs(w), 5, gxBound, 0);
            Arrays.fill(gb, 0f);
            Arrays.fill(gbBound, 0f);
            im2col.backwardWeights(x, 3, gz, 0, 0f, gw, 0, gb, 0);
            im2col.backwardWeights(abs(x), 3, gzBound, 0, 0f, gwBound, 0, gbBound, 0);
        }
    }

    /**
     * actual[offset + i] against expected[i], and every element of actual outside that range still GUARD; the
     * element furthest out of its tolerance is the one asserted.
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
        Arrays.fill(a, GUARD);
        return a;
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }
}
