package io.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Row-major products through BLAS, every transpose, against plain loops; beta 0 ignores what C held. */
class GemmTest {
    private static final int M = 5;
    private static final int N = 7;
    private static final int K = 3;

    /** op(A) op(B) by the definition, in float64. */
    private static double[] reference(boolean transA, boolean transB, double[] a, double[] b) {
        double[] c = new double[M * N];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int l = 0; l < K; l++) {
                    s += (transA ? a[l * M + i] : a[i * K + l]) * (transB ? b[j * K + l] : b[l * N + j]);
                }
                c[i * N + j] = s;
            }
        }
        return c;
    }

    private static double[] values(int n, int seed) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 37 + seed * 11) % 19 - 9) / 4.0;      // small halves and quarters: exact in float too
        }
        return v;
    }

    @Test
    void everyTransposeAndBetaInBothTypes() {
        double[] a = values(M * K, 1);
        double[] b = values(K * N, 2);
        double[] old = values(M * N, 3);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] want = reference(ta, tb, a, b);
                for (double beta : new double[] {0, 1, 0.5}) {
                    double[] d = new double[M * N + 4];
                    float[] f = new float[M * N + 4];
                    for (int i = 0; i < M * N; i++) {
                        d[i + 2] = beta == 0 ? Double.NaN : old[i];  // beta 0: whatever C held, NaN too, is ignored
                        f[i + 2] = (float) d[i + 2];
                    }
                    d[0] = d[M * N + 3] = f[1] = f[M * N + 2] = -7;     // around C: untouched
                    Gemm.dgemm(ta, tb, M, N, K, 1.0, a, 0, b, 0, beta, d, 2);
                    Gemm.sgemm(ta, tb, M, N, K, 1f, toFloats(a), 0, toFloats(b), 0, (float) beta, f, 2);
                    for (int i = 0; i < M * N; i++) {
                        double expected = want[i] + (beta == 0 ? 0 : beta * old[i]);
                        assertThat(d[i + 2]).as("dgemm %b %b beta %s [%d]", ta, tb, beta, i).isCloseTo(expected, within(1e-12));
                        assertThat((double) f[i + 2]).as("sgemm %b %b beta %s [%d]", ta, tb, beta, i).isCloseTo(expected, within(1e-5));
                    }
                    assertThat(d[0]).isEqualTo(-7);
                    assertThat(d[M * N + 3]).isEqualTo(-7);
                    assertThat(f[1]).isEqualTo(-7f);
                    assertThat(f[M * N + 2]).isEqualTo(-7f);
                }
            }
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
