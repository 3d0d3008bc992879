package io.descent.nn;

import io.descent.tensor.Parallel;
import io.descent.tensor.Tensor;

/**
 * The per-channel loops of batch normalization over a tensor viewed as [n, C, s] (s = 1 for [N, F]): channel
 * sums and the per-channel affine map. Sums accumulate in double and each channel's sum is taken in the same
 * order whatever the number of threads, because the threads split the channels, not the samples.
 *
 * <p>Each loop visits sample i, channel c, then the channel's run of s values. For float32 with s = 1 (the
 * common [N, F] case) the run has one value, so a second form of the loop walks each row over its channels
 * instead, which is contiguous and vectorizes; it adds the same terms in the same order.
 */
final class ChannelKernels {
    private ChannelKernels() {
    }

    /** Per channel, the sum of x, or with {@code center} the sum of (x - center_c)^2. */
    static double[] sums(Tensor x, int n, int channels, int s, double[] center) {
        double[] out = new double[channels];
        int xo = x.offset();
        forChannels(n, channels, s, (c0, c1) -> {
            if (Kernels.isF32(x) && s == 1) {
                float[] a = x.floats();
                for (int i = 0; i < n; i++) {
                    int row = xo + i * channels;
                    for (int c = c0; c < c1; c++) {
                        double v = a[row + c] - (center == null ? 0 : center[c]);
                        out[c] += center == null ? v : v * v;
                    }
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                for (int c = c0; c < c1; c++) {
                    int at = xo + (i * channels + c) * s;
                    double mu = center == null ? 0 : center[c];
                    double acc = 0;
                    for (int j = 0; j < s; j++) {
                        double v = value(x, at + j) - mu;
                        acc += center == null ? v : v * v;
                    }
                    out[c] += acc;
                }
            }
        });
        return out;
    }

    /** Per channel, in one pass over g and x: {sum of g, sum of g (x - center_c)}. */
    static double[][] gradientSums(Tensor g, Tensor x, int n, int channels, int s, double[] center) {
        double[] sumG = new double[channels];
        double[] sumGx = new double[channels];
        int go = g.offset();
        int xo = x.offset();
        forChannels(n, channels, s, (c0, c1) -> {
            if (Kernels.isF32(x) && s == 1) {
                float[] ga = g.floats();
                float[] xa = x.floats();
                for (int i = 0; i < n; i++) {
                    int row = i * channels;
                    for (int c = c0; c < c1; c++) {
                        double gv = ga[go + row + c];
                        sumG[c] += gv;
                        sumGx[c] += gv * (xa[xo + row + c] - center[c]);
                    }
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                for (int c = c0; c < c1; c++) {
                    int at = (i * channels + c) * s;
                    double accG = 0;
                    double accGx = 0;
                    for (int j = 0; j < s; j++) {
                        double gv = value(g, go + at + j);
                        accG += gv;
                        accGx += gv * (value(x, xo + at + j) - center[c]);
                    }
                    sumG[c] += accG;
                    sumGx[c] += accGx;
                }
            }
        });
        return new double[][] {sumG, sumGx};
    }

    /** out = a_c u + b_c, plus k_c v when {@code v} is given (else k is ignored); u, v and out viewed as [n, C, s]. */
    static void affine(Tensor u, int n, int channels, int s, double[] a, Tensor v, double[] k, double[] b, Tensor out) {
        Tensor w = v == null ? u : v;
        double[] kk = v == null ? new double[channels] : k;
        int uo = u.offset();
        int wo = w.offset();
        int oo = out.offset();
        forChannels(n, channels, s, (c0, c1) -> {
            if (Kernels.isF32(u)) {
                float[] ua = u.floats();
                float[] wa = w.floats();
                float[] o = out.floats();
                for (int i = 0; i < n; i++) {
                    if (s == 1) {
                        int row = i * channels;
                        for (int c = c0; c < c1; c++) {
                            o[oo + row + c] = (float) (a[c] * ua[uo + row + c] + kk[c] * wa[wo + row + c] + b[c]);
                        }
                        continue;
                    }
                    for (int c = c0; c < c1; c++) {
                        int at = (i * channels + c) * s;
                        for (int j = 0; j < s; j++) {
                            o[oo + at + j] = (float) (a[c] * ua[uo + at + j] + kk[c] * wa[wo + at + j] + b[c]);
                        }
                    }
                }
            } else {
                double[] ua = u.doubles();
                double[] wa = w.doubles();
                double[] o = out.doubles();
                for (int i = 0; i < n; i++) {
                    for (int c = c0; c < c1; c++) {
                        int at = (i * channels + c) * s;
                        for (int j = 0; j < s; j++) {
                            o[oo + at + j] = a[c] * ua[uo + at + j] + kk[c] * wa[wo + at + j] + b[c];
                        }
                    }
                }
            }
        });
    }

    private static double value(Tensor t, int index) {
        return Kernels.isF32(t) ? t.floats()[index] : t.doubles()[index];
    }

    /** Splits the channels across the threads when there is enough work. */
    private static void forChannels(int n, int channels, int s, Parallel.Range body) {
        Parallel.forRange(channels, Math.max(1, Parallel.GRAIN / Math.max(1, n * s)), body);
    }
}
