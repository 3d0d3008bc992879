package io.descent.dnnl;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.Backends;
import io.descent.tensor.Gemm;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnnlBackendTest {
    private static final DnnlBackend BACKEND = new DnnlBackend();

    @Test
    void loadsAndNamesOneDnnAndItsIsa() {
        assertThat(BACKEND.loaded()).as(BACKEND.name()).isTrue();
        assertThat(BACKEND.name()).matches("oneDNN \\d+\\.\\d+ \\(\\w+\\)");
    }

    @Test
    void isTheBackendCoreFindsOnTheClassPath() {
        assertThat(Backends.current()).get().isInstanceOf(DnnlBackend.class);
        assertThat(Backends.describe()).startsWith("oneDNN");
    }

    /** Every transposition, offsets into larger arrays, alpha and beta, against BLAS to float32 rounding. */
    @ParameterizedTest
    @CsvSource({
        // m, n, k, transA, transB, alpha, beta
        "128, 1000, 784, false, false, 1, 0",
        "784, 1000, 128, true, false, 1, 0",
        "128, 784, 1000, false, true, 1, 0",
        "70, 33, 45, true, true, 1, 0",
        "17, 5, 300, false, false, 0.5, 1",
        "200, 150, 130, true, false, -2, 0.25",
        "1, 1, 1, false, true, 3, -1",
        "64, 3, 2, true, true, 1, 1",
    })
    void matchesBlas(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta) {
        Random r = new Random(m * 31L + n * 7L + k);
        int aOff = 3;
        int bOff = 11;
        int cOff = 5;
        float[] a = random(r, aOff + m * k + 4);
        float[] b = random(r, bOff + k * n + 2);
        float[] c = random(r, cOff + m * n + 6);
        float[] expected = c.clone();
        Gemm.blasSgemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, expected, cOff);

        assertThat(BACKEND.sgemmAnySize(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff)).isTrue();

        for (int i = 0; i < c.length; i++) {
            boolean inC = i >= cOff && i < cOff + m * n;
            if (!inC) {
                assertThat(c[i]).as("element %d outside C", i).isEqualTo(expected[i]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double scale = Math.abs(beta * expected[cOff + i * n + j]);   // sum |terms| bounds the rounding
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    float y = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    scale += Math.abs((double) alpha * x * y);
                }
                assertThat((double) c[cOff + i * n + j]).as("C[%d, %d]", i, j)
                        .isCloseTo(expected[cOff + i * n + j], org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-30));
            }
        }
    }

    @Test
    void betaZeroIgnoresWhatCHeld() {
        int m = 130;
        int n = 140;
        int k = 150;
        Random r = new Random(4);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN);
        float[] expected = new float[m * n];
        Gemm.blasSgemm(false, false, m, n, k, 1f, a, 0, b, 0, 0f, expected, 0);

        assertThat(BACKEND.sgemm(false, false, m, n, k, 1f, a, 0, b, 0, 0f, c, 0)).isTrue();

        for (int i = 0; i < c.length; i++) {
            assertThat(c[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    void declinesProductsTooSmallToPayAndTouchesNothing() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = {9, 9, 9, 9};

        assertThat(BACKEND.sgemm(false, false, 2, 2, 2, 1f, a, 0, b, 0, 0f, c, 0)).isFalse();

        assertThat(c).containsExactly(9, 9, 9, 9);
    }

    @Test
    void declinesEmptyProducts() {
        float[] c = {9};
        assertThat(BACKEND.sgemmAnySize(false, false, 1, 1, 0, 1f, new float[0], 0, new float[0], 0, 0f, c, 0))
                .isFalse();
        assertThat(BACKEND.sgemmAnySize(false, false, 0, 1, 1, 1f, new float[0], 0, new float[1], 0, 0f, c, 0))
                .isFalse();
        assertThat(c).containsExactly(9);
    }

    @Test
    void gemmRunsLargeProductsThroughTheBackendToTheSameSums() {
        int m = 128;
        int n = 300;
        int k = 200;
        Random r = new Random(9);
        float[] a = random(r, m * k);
        float[] b = random(r, n * k);
        float[] viaGemm = new float[m * n];
        float[] viaBlas = new float[m * n];

        Gemm.sgemm(false, true, m, n, k, 1f, a, 0, b, 0, 0f, viaGemm, 0);
        Gemm.blasSgemm(false, true, m, n, k, 1f, a, 0, b, 0, 0f, viaBlas, 0);

        for (int i = 0; i < viaGemm.length; i++) {
            assertThat(viaGemm[i]).isCloseTo(viaBlas[i], org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    @Test
    void reusesItsNativeBuffersAcrossShapesOfAnySize() {
        Random r = new Random(2);
        for (int size : new int[] {300, 140, 260}) {      // grow, shrink (buffers kept), grow again
            float[] a = random(r, size * size);
            float[] b = random(r, size * size);
            float[] c = new float[size * size];
            float[] expected = new float[size * size];
            Gemm.blasSgemm(false, false, size, size, size, 1f, a, 0, b, 0, 0f, expected, 0);
            assertThat(BACKEND.sgemm(false, false, size, size, size, 1f, a, 0, b, 0, 0f, c, 0)).isTrue();
            assertThat(c[size * size - 1]).isCloseTo(expected[size * size - 1],
                    org.assertj.core.data.Offset.offset(1e-3f));
        }
    }

    private static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
