package io.descent.dnnl;

import io.descent.tensor.Backend;
import io.descent.tensor.Backend.ConvolutionShape;
import io.descent.tensor.Gemm;
import io.descent.tensor.Im2col;
import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * The convolution core's {@code Conv2d} runs without a backend, im2col + BLAS on blocks of samples, behind
 * {@link Backend.Convolution}: the reference the oneDNN kernels are compared with (tests) and timed against
 * ({@link DnnlConvolutionSpeed}). Same blocks as Conv2d (as many samples as keep the patch matrix within 4 Mi
 * values), products always through {@link Gemm#blasSgemm}, buffers made once.
 */
final class Im2colConvolution implements Backend.Convolution {
    private static final int BLOCK_BUDGET = 1 << 22;
    private final ConvolutionShape s;
    private final Im2col geo;
    private final int rows;
    private final int positions;
    private final int chunk;
    private final Tensor cols;
    private final float[] block;
    private final float[] xs;
    private final float[] gxs;

    Im2colConvolution(ConvolutionShape s) {
        this.s = s;
        geo = new Im2col(s.c(), s.h(), s.w(), s.kernel(), s.stride(), s.padding());
        rows = geo.rows();
        positions = geo.positions();
        chunk = Math.max(1, Math.min(s.n(), BLOCK_BUDGET / Math.max(1, rows * positions)));
        cols = Tensor.zeros(rows, chunk * positions);
        block = new float[s.o() * chunk * positions];
        xs = new float[s.n() * s.c() * s.h() * s.w()];
        gxs = new float[xs.length];
    }

    @Override
    public void forward(float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] y, int yOff) {
        Tensor xt = input(x, xOff);
        int o = s.o();
        for (int first = 0; first < s.n(); first += chunk) {
            int n = Math.min(chunk, s.n() - first);
            int width = n * positions;
            geo.im2col(xt, first, n, cols);
            Gemm.blasSgemm(false, false, o, width, rows, 1f, w, wOff, cols.floats(), 0, 0f, block, 0);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < o; c++) {
                    float bias = b == null ? 0f : b[bOff + c];
                    int dst = yOff + ((first + i) * o + c) * positions;
                    for (int j = 0; j < positions; j++) {
                        y[dst + j] = block[c * width + i * positions + j] + bias;
                    }
                }
            }
        }
    }

    @Override
    public void backwardData(float[] gy, int gyOff, float[] w, int wOff, float[] gx, int gxOff) {
        Arrays.fill(gxs, 0f);
        Tensor gxt = Tensor.wrap(gxs, s.n(), s.c(), s.h(), s.w());
        Tensor dcols = cols;
        for (int first = 0; first < s.n(); first += chunk) {
            int n = Math.min(chunk, s.n() - first);
            toBlock(gy, gyOff, first, n);
            Gemm.blasSgemm(true, false, rows, n * positions, s.o(), 1f, w, wOff, block, 0, 0f, dcols.floats(), 0);
            geo.col2im(dcols, first, n, gxt);
        }
        System.arraycopy(gxs, 0, gx, gxOff, gxs.length);
    }

    @Override
    public void backwardWeights(float[] x, int xOff, float[] gy, int gyOff, float betaW, float[] gw, int gwOff,
            float[] gb, int gbOff) {
        Tensor xt = input(x, xOff);
        for (int first = 0; first < s.n(); first += chunk) {
            int n = Math.min(chunk, s.n() - first);
            toBlock(gy, gyOff, first, n);
            geo.im2col(xt, first, n, cols);
            Gemm.blasSgemm(false, true, s.o(), rows, n * positions, 1f, block, 0, cols.floats(), 0,
                    first == 0 ? betaW : 1f, gw, gwOff);
        }
        if (gb != null) {
            for (int i = 0; i < s.n(); i++) {
                for (int c = 0; c < s.o(); c++) {
                    double sum = 0;
                    int at = gyOff + (i * s.o() + c) * positions;
                    for (int j = 0; j < positions; j++) {
                        sum += gy[at + j];
                    }
                    gb[gbOff + c] += (float) sum;
                }
            }
        }
    }

    private Tensor input(float[] x, int xOff) {
        System.arraycopy(x, xOff, xs, 0, xs.length);
        return Tensor.wrap(xs, s.n(), s.c(), s.h(), s.w());
    }

    /** gy of samples [first, first + n) laid out as [O, n P], the block's columns. */
    private void toBlock(float[] gy, int gyOff, int first, int n) {
        int width = n * positions;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < s.o(); c++) {
                System.arraycopy(gy, gyOff + ((first + i) * s.o() + c) * positions, block, c * width + i * positions,
                        positions);
            }
        }
    }
}
