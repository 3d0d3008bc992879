package io.descent.nn;

import io.descent.tensor.Gather;
import io.descent.tensor.Tensor;

/**
 * A convolution's derivatives written with recorded ops, for a backward pass that creates the graph (double
 * backward, Hessian-vector products). The same formulas as {@link Conv2d}'s kernels, with the layout changes
 * made {@link Gather}s so that they can be differentiated again: for x [N, C, H, W], W [O, C, k, k] and the
 * upstream gradient G [N, O, H', W'], with P = H' W' positions and X = im2col(x) [C k k, N P],
 * <pre>
 *   Gb = G laid out as [O, N P]     dW = Gb X^T     dx = col2im(W^T Gb)     db = sum of G over n and positions
 * </pre>
 * col2im is the adjoint of im2col: a scatter with the same indices. The index arrays are as large as the patch
 * matrix; this path is for curvature, not training.
 */
final class ConvolutionGradients {
    private ConvolutionGradients() {
    }

    static Tensor[] of(Tensor g, Tensor x, Tensor w, Tensor b, int stride, int padding) {
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int o = w.dim(0);
        int k = w.dim(2);
        int oh = g.dim(2);
        int ow = g.dim(3);
        int p = oh * ow;
        int rows = c * k * k;
        int[] patches = im2colIndex(n, c, h, wd, k, oh, ow, stride, padding);
        int[] block = new int[o * n * p];
        for (int oc = 0; oc < o; oc++) {
            for (int s = 0; s < n; s++) {
                for (int pos = 0; pos < p; pos++) {
                    block[(oc * n + s) * p + pos] = (s * o + oc) * p + pos;
                }
            }
        }
        Tensor gb = Gather.of(g, block, o, n * p);
        Tensor gw = null;
        if (w.requiresGrad()) {
            Tensor cols = Gather.of(x, patches, rows, n * p);
            gw = gb.matmul(cols, false, true).reshape(w.shape().dims());
        }
        Tensor gx = null;
        if (x.requiresGrad()) {
            Tensor dcols = w.reshape(o, rows).matmul(gb, true, false);
            gx = Gather.scatterAdd(dcols, patches, x.shape().dims());
        }
        Tensor gbias = b != null && b.requiresGrad() ? g.reshape(n, o, p).sum(2, false).sum(0, false) : null;
        return new Tensor[] {gx, gw, gbias};
    }

    /**
     * For row r = (c k + p) k + q and column s P + i W' + j of the patch matrix, the flat index into x of
     * x[s, c, i stride - pad + p, j stride - pad + q], or -1 where that falls in the zero padding.
     */
    private static int[] im2colIndex(int n, int c, int h, int w, int k, int oh, int ow, int stride, int pad) {
        int p = oh * ow;
        int[] idx = new int[c * k * k * n * p];
        int at = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int kp = 0; kp < k; kp++) {
                for (int kq = 0; kq < k; kq++) {
                    for (int s = 0; s < n; s++) {
                        for (int i = 0; i < oh; i++) {
                            int hi = i * stride - pad + kp;
                            for (int j = 0; j < ow; j++) {
                                int wi = j * stride - pad + kq;
                                boolean inside = hi >= 0 && hi < h && wi >= 0 && wi < w;
                                idx[at++] = inside ? ((s * c + ch) * h + hi) * w + wi : -1;
                            }
                        }
                    }
                }
            }
        }
        return idx;
    }
}
