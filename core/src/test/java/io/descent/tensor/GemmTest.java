package io.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Row-major products through BLAS, every transpose, against plain loops; beta 0 ignores what C held; a product
 * cut into blocks of C over Descent's threads equals the product in one call.
 */
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

    /** op(A) op(B) of any shape by the definition, in float64. */
    private static double[] reference(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff,
            double[] b, int bOff) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    s += (transA ? a[aOff + l * m + i] : a[aOff + i * k + l]) * (transB ? b[bOff + j * k + l] : b[bOff + l * n + j]);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static double[] gaussians(Random random, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    /**
     * Cut into 2 or 3 blocks of rows (C taller than wide) or of columns (wider than tall), with every transpose
     * and beta, operands and C at offsets inside larger arrays: the same C as one call and as the definition,
     * and nothing outside C written.
     */
    @Test
    void blocksOfRowsOrColumnsMakeTheSameProduct() {
        Random random = new Random(7);
        int[][] shapes = {{150, 37, 29}, {37, 150, 29}, {200, 200, 3}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            double[] a = gaussians(random, m * k + 5);
            double[] b = gaussians(random, k * n + 3);
            double[] old = gaussians(random, m * n);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    double[] product = reference(ta, tb, m, n, k, a, 5, b, 3);
                    for (double beta : new double[] {0, 1, 0.5}) {
                        double[] whole = new double[m * n];
                        for (int i = 0; i < m * n; i++) {
                            whole[i] = beta == 0 ? Double.NaN : old[i];
                        }
                        Gemm.dgemm(1, ta, tb, m, n, k, 1.5, a, 5, b, 3, beta, whole, 0);
                        for (int blocks : new int[] {2, 3}) {
                            String what = String.format("%dx%dx%d %b %b beta %s in %d blocks", m, n, k, ta, tb, beta, blocks);
                            double[] d = new double[m * n + 2];
                            float[] f = new float[m * n + 2];
                            d[0] = d[m * n + 1] = f[0] = f[m * n + 1] = -7;
                            for (int i = 0; i < m * n; i++) {
                                d[i + 1] = beta == 0 ? Double.NaN : old[i];
                                f[i + 1] = (float) d[i + 1];
                            }
                            Gemm.dgemm(blocks, ta, tb, m, n, k, 1.5, a, 5, b, 3, beta, d, 1);
                            Gemm.sgemm(blocks, ta, tb, m, n, k, 1.5f, toFloats(a), 5, toFloats(b), 3, (float) beta, f, 1);
                            for (int i = 0; i < m * n; i++) {
                                double expected = 1.5 * product[i] + (beta == 0 ? 0 : beta * old[i]);
                                assertThat(d[i + 1]).as("dgemm %s [%d]", what, i).isCloseTo(whole[i], within(1e-12));
                                assertThat(d[i + 1]).as("dgemm %s [%d]", what, i).isCloseTo(expected, within(1e-10));
                                assertThat((double) f[i + 1]).as("sgemm %s [%d]", what, i).isCloseTo(expected, within(1e-4));
                            }
                            assertThat(new double[] {d[0], d[m * n + 1], f[0], f[m * n + 1]}).as(what).containsOnly(-7);
                        }
                    }
                }
            }
        }
    }

    /** The kernel is called past netlib's checks, so a short array is refused before BLAS sees it. */
    @Test
    void anArrayTooShortForItsOperandIsRefused() {
        float[] a = new float[6];
        float[] b = new float[6];
        assertThatThrownBy(() -> Gemm.sgemm(2, false, false, 2, 2, 3, 1f, a, 0, b, 0, 0f, new float[3], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C needs 2 x 2");
        assertThatThrownBy(() -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 1, b, 0, 0f, new float[4], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A needs 2 x 3 elements from offset 1");
        assertThatThrownBy(() -> Gemm.dgemm(true, true, 2, 2, 3, 1, new double[6], 0, new double[5], 0, 0, new double[4], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("B needs 3 x 2");
    }

    /** Small products stay in one call; large ones get a block per thread, each at least 64 rows or columns. */
    @Test
    void aProductIsSplitOnlyWhenLargeAndOnlyIntoWideBlocks() {
        assertThat(Gemm.blocks(1000, 1000, 784, 2)).isEqualTo(2);
        assertThat(Gemm.blocks(128, 1000, 784, 4)).isEqualTo(4);
        assertThat(Gemm.blocks(128, 10, 784, 2)).as("logistic regression's product: too small").isEqualTo(1);
        assertThat(Gemm.blocks(100_000, 100, 100, 1)).as("one thread").isEqualTo(1);
        assertThat(Gemm.blocks(150, 20, 2000, 4)).as("150 rows: two blocks of 64 or more").isEqualTo(2);
    }

    /** Descent splits only where BLAS runs each call on its caller's thread, and only with threads to spare. */
    @Test
    void productsAreSplitOnlyWhenBlasRunsOnOneThread() {
        assertThat(Gemm.splitThreads(2, true, true, 1)).isEqualTo(2);
        assertThat(Gemm.splitThreads(4, true, false, 0)).as("Java BLAS: one thread always").isEqualTo(4);
        assertThat(Gemm.splitThreads(2, true, true, 0)).as("OpenBLAS on every core").isEqualTo(1);
        assertThat(Gemm.splitThreads(2, true, true, 2)).isEqualTo(1);
        assertThat(Gemm.splitThreads(1, true, true, 1)).isEqualTo(1);
        assertThat(Gemm.splitThreads(2, false, true, 1)).as("blocks unreachable").isEqualTo(1);
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
