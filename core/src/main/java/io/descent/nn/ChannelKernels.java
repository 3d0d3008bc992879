package io.descent.nn;

import io.descent.tensor.Parallel;
import io.descent.tensor.Tensor;

/**
 * The per-channel loops of batch normalization over a tensor viewed as [n, C, s] (s = 1 for [N, F]): channel
 * sums and the per-channel affine map. Sums accumulate in double, except for float32 [N, F] data (below),
 * and each channel's sum is taken in the same order whatever the number of threads, because the threads
 * split the channels, not the samples.
 *
 * <p>Each loop visits sample i, channel c, then the channel's run of s values. For float32 with s = 1 (the
 * common [N, F] case) the run has one value, so a second form of the loop walks each row over its channels
 * instead, which is contiguous, and computes in float, as PyTorch does: on Java 17 a loop that converts
 * float to double does not become vector code, and scalar loops made batch normalization a large share of an
 * MLP's step (bench/README.md, "Measured choices"). The row loops work on copies of the rows in small arrays
 * that start at index 0, like the coefficients: Java 17 vectorizes a loop only when all its arrays are indexed
 * alike, and with a[row + c] next to acc[c] the loop stays scalar, slower than the copy and the vector loop
 * together.
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
                // Along each row, in float: the loop compiles to vector code (one that converts to double does
                // not, on Java 17); each thread's channels add up in float over the rows, then go to double.
                float[] a = x.floats();
                float[] acc = new float[c1 - c0];
                float[] row = new float[c1 - c0];
                float[] mu = center == null ? null : toFloats(center, c0, c1);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(a, xo + i * channels + c0, row, 0, row.length);
                    if (mu == null) {
                        addRow(acc, row);
                    } else {
                        addSquaresRow(acc, row, mu);
                    }
                }
                for (int c = c0; c < c1; c++) {
                    out[c] = acc[c - c0];
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
                float[] accG = new float[c1 - c0];
                float[] accGx = new float[c1 - c0];
                float[] gRow = new float[c1 - c0];
                float[] xRow = new float[c1 - c0];
                float[] mu = toFloats(center, c0, c1);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(ga, go + i * channels + c0, gRow, 0, gRow.length);
                    System.arraycopy(xa, xo + i * channels + c0, xRow, 0, xRow.length);
                    addGradientRow(accG, accGx, gRow, xRow, mu);
                }
                for (int c = c0; c < c1; c++) {
                    sumG[c] = accG[c - c0];
                    sumGx[c] = accGx[c - c0];
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
                if (s == 1) {
                    // Coefficients rounded to float once, then float arithmetic along each row (vector code).
                    float[] af = toFloats(a, c0, c1);
                    float[] bf = toFloats(b, c0, c1);
                    float[] kf = toFloats(kk, c0, c1);
                    float[] uRow = new float[c1 - c0];
                    float[] wRow = v == null ? null : new float[c1 - c0];
                    for (int i = 0; i < n; i++) {
                        int row = i * channels + c0;
                        System.arraycopy(ua, uo + row, uRow, 0, uRow.length);
                        if (v == null) {
                            affineRow(uRow, af, bf);
                        } else {
                            System.arraycopy(wa, wo + row, wRow, 0, wRow.length);
                            affineRow(uRow, af, wRow, kf, bf);
                        }
                        System.arraycopy(uRow, 0, o, oo + row, uRow.length);
                    }
                    return;
                }
                for (int i = 0; i < n; i++) {
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

    /** acc[c] += row[c]: one row into the running sums (small methods: the JIT turns their loops into vector code). */
    private static void addRow(float[] acc, float[] row) {
        for (int c = 0; c < acc.length; c++) {
            acc[c] += row[c];
        }
    }

    /** acc[c] += (row[c] - mu[c])^2. */
    private static void addSquaresRow(float[] acc, float[] row, float[] mu) {
        for (int c = 0; c < acc.length; c++) {
            float v = row[c] - mu[c];
            acc[c] += v * v;
        }
    }

    /** sumG[c] += g[c], sumGx[c] += g[c] (x[c] - mu[c]) along one row. */
    private static void addGradientRow(float[] sumG, float[] sumGx, float[] g, float[] x, float[] mu) {
        for (int c = 0; c < sumG.length; c++) {
            float gv = g[c];
            sumG[c] += gv;
            sumGx[c] += gv * (x[c] - mu[c]);
        }
    }

    /** u[c] = a[c] u[c] + b[c] along one row, in place. */
    private static void affineRow(float[] u, float[] a, float[] b) {
        for (int c = 0; c < a.length; c++) {
            u[c] = a[c] * u[c] + b[c];
        }
    }

    /** u[c] = a[c] u[c] + k[c] w[c] + b[c] along one row, in place. */
    private static void affineRow(float[] u, float[] a, float[] w, float[] k, float[] b) {
        for (int c = 0; c < a.length; c++) {
            u[c] = a[c] * u[c] + k[c] * w[c] + b[c];
        }
    }

    private static float[] toFloats(double[] v, int from, int to) {
        float[] f = new float[to - from];
        for (int i = from; i < to; i++) {
            f[i - from] = (float) v[i];
        }
        return f;
    }

    private static double value(Tensor t, int index) {
        return Kernels.isF32(t) ? t.floats()[index] : t.doubles()[index];
    }

    /** Splits the channels across the threads when there is enough work. */
    private static void forChannels(int n, int channels, int s, Parallel.Range body) {
        Parallel.forRange(channels, Math.max(1, Parallel.GRAIN / Math.max(1, n * s)), body);
    }
}
