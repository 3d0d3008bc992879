package io.descent.dnnl;

import io.descent.tensor.Gemm;
import io.descent.tensor.Parallel;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.dnnl.global.dnnl;

/**
 * Prints the GFLOP/s of float32 products at the MLP's shapes (batch 128, 784-1000-1000-10, forward and both
 * backward products) and at small squares (the crossover), BLAS against oneDNN:
 * <ul>
 *   <li>{@code blas}: {@link Gemm#blasSgemm} (OpenBLAS; split over Descent's threads when OPENBLAS_NUM_THREADS=1);
 *   <li>{@code dnnl}: {@link DnnlBackend} (operand regions copied into reused native buffers, oneDNN's threads);
 *   <li>{@code dnnl-array}: JavaCPP's {@code float[]} overload (whole arrays copied in and out by JNI);
 *   <li>{@code dnnl-split}: the backend on row blocks of C over Descent's threads (non-transposed A only).
 * </ul>
 * Run: {@code OPENBLAS_NUM_THREADS=1 OMP_WAIT_POLICY=passive java -cp dnnl/target/classes:$(cat cp.txt) io.descent.dnnl.DnnlGemmSpeed}.
 */
public final class DnnlGemmSpeed {
    private static final double SECONDS = 0.4;

    private DnnlGemmSpeed() {
    }

    private interface Product {
        void run(boolean tA, boolean tB, int m, int n, int k, float[] a, float[] b, float[] c);
    }

    public static void main(String[] args) {
        DnnlBackend backend = new DnnlBackend();
        System.out.println(backend.name() + "; BLAS " + Gemm.implementation() + ", threads " + Gemm.threading());
        int[][] shapes = {
            // m, n, k, transA, transB
            {128, 1000, 1000, 0, 0}, {128, 1000, 784, 0, 0}, {128, 1000, 768, 0, 0}, {128, 1000, 800, 0, 0},
            {128, 10, 1000, 0, 0},
            {784, 1000, 128, 1, 0}, {1000, 1000, 128, 1, 0}, {1000, 10, 128, 1, 0},
            {128, 1000, 1000, 0, 1}, {128, 784, 1000, 0, 1},
            {32, 32, 32, 0, 0}, {64, 64, 64, 0, 0}, {96, 96, 96, 0, 0}, {128, 128, 128, 0, 0},
            {192, 192, 192, 0, 0}, {256, 256, 256, 0, 0},
        };
        Product blas = (tA, tB, m, n, k, a, b, c) -> Gemm.blasSgemm(tA, tB, m, n, k, 1f, a, 0, b, 0, 0f, c, 0);
        Product viaBackend = (tA, tB, m, n, k, a, b, c) -> force(backend, tA, tB, m, n, k, a, 0, b, 0, c, 0);
        Product array = (tA, tB, m, n, k, a, b, c) -> dnnl.dnnl_sgemm((byte) (tA ? 'T' : 'N'),
                (byte) (tB ? 'T' : 'N'), m, n, k, 1f, a, tA ? m : k, b, tB ? k : n, 0f, c, n);
        Product split = (tA, tB, m, n, k, a, b, c) -> Parallel.forRange(2, 1, (first, end) -> {
            for (int p = first; p < end; p++) {
                int r0 = m * p / 2;
                int r1 = m * (p + 1) / 2;
                force(backend, false, tB, r1 - r0, n, k, a, r0 * k, b, 0, c, r0 * n);
            }
        });
        System.out.println(String.format(Locale.ROOT, "%-22s %9s %9s %11s %11s", "shape", "blas", "dnnl",
                "dnnl-array", "dnnl-split"));
        for (int[] s : shapes) {
            boolean tA = s[3] == 1;
            boolean tB = s[4] == 1;
            String label = String.format(Locale.ROOT, "%s[%d,%d]x%s[%d,%d]", tA ? "T" : "", s[0], s[2],
                    tB ? "T" : "", s[2], s[1]);
            System.out.println(String.format(Locale.ROOT, "%-22s %9.1f %9.1f %11.1f %11s", label,
                    gflops(blas, tA, tB, s), gflops(viaBackend, tA, tB, s), gflops(array, tA, tB, s),
                    tA ? "-" : String.format(Locale.ROOT, "%.1f", gflops(split, tA, tB, s))));
        }
    }

    /** The backend's product whatever its size threshold (the crossover is what is measured). */
    private static void force(DnnlBackend backend, boolean tA, boolean tB, int m, int n, int k,
            float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
        if (!backend.sgemmAnySize(tA, tB, m, n, k, 1f, a, aOff, b, bOff, 0f, c, cOff)) {
            throw new IllegalStateException("oneDNN did not load: " + backend.name());
        }
    }

    private static double gflops(Product p, boolean tA, boolean tB, int[] s) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        Random r = new Random(1);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        for (int i = 0; i < 20; i++) {
            p.run(tA, tB, m, n, k, a, b, c);
        }
        long iters = 0;
        long t0 = System.nanoTime();
        long elapsed;
        do {
            p.run(tA, tB, m, n, k, a, b, c);
            iters++;
            elapsed = System.nanoTime() - t0;
        } while (elapsed < SECONDS * 1e9);
        return 2.0 * m * n * k * iters / elapsed;
    }

    private static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
