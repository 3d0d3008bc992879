package io.descent.bench;

import io.descent.tensor.Backends;
import io.descent.tensor.Gemm;
import java.util.Locale;

/**
 * The float32 limit of the backend in use: the GFLOP/s of {@link Gemm#sgemm} at the MLP's shapes (batch 128,
 * 784-1000-1000), run in a JVM set up as the Descent runs are ({@code -Ddescent.threads}). The products of one
 * training step of the MLP's two large layers, each timed on its own:
 *
 * <pre>
 *   forward          Y = X W      [128,784]x[784,1000], [128,1000]x[1000,1000]
 *   backward, data   dX = dY W^T  [128,1000]x[1000,1000]^T  (the first layer needs no dX)
 *   backward, weight dW = X^T dY  [784,128]x[128,1000],  [1000,128]x[128,1000]
 * </pre>
 *
 * The limit is their total FLOPs over their total time, a step's mix. Prints one line per product and
 * {@code RESULT gflops=.. backend=.. threads=..}.
 */
public final class MatmulLimit {
    /** m, n, k, transA, transB (0 or 1) of each product. */
    static final int[][] SHAPES = {
        {128, 1000, 784, 0, 0}, {128, 1000, 1000, 0, 0},
        {128, 1000, 1000, 0, 1},
        {784, 1000, 128, 1, 0}, {1000, 1000, 128, 1, 0},
    };

    private MatmulLimit() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.4;
        double flops = 0;
        double time = 0;
        for (int[] s : SHAPES) {
            double[] r = measure(s[0], s[1], s[2], s[3] == 1, s[4] == 1, seconds);
            System.out.printf(Locale.ROOT, "sgemm %s[%d,%d]x%s[%d,%d]: %.1f GFLOP/s%n", s[3] == 1 ? "T" : "",
                    s[0], s[2], s[4] == 1 ? "T" : "", s[2], s[1], r[0] / r[1] / 1e9);
            flops += r[0];
            time += r[1];
        }
        System.out.printf(Locale.ROOT, "RESULT gflops=%.1f backend=%s threads=%s%n", flops / time / 1e9,
                Launcher.field(Backends.describe()), Gemm.threading());
    }

    /** Repeats C = op(A) op(B) for about {@code seconds} after a warm-up: {FLOPs done, seconds taken}. */
    static double[] measure(int m, int n, int k, boolean transA, boolean transB, double seconds) {
        float[] a = filled(m * k, 1);
        float[] b = filled(k * n, 2);
        float[] c = new float[m * n];
        for (int i = 0; i < 5; i++) {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, b, 0, 0f, c, 0);
        }
        long reps = 0;
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long now;
        do {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, b, 0, 0f, c, 0);
            reps++;
            now = System.nanoTime();
        } while (now < end);
        return new double[] {2.0 * m * n * k * reps, (now - t0) / 1e9};
    }

    private static float[] filled(int size, int seed) {
        float[] v = new float[size];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < size; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return v;
    }
}
