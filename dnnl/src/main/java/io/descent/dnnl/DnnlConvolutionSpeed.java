package io.descent.dnnl;

import io.descent.tensor.Backend;
import io.descent.tensor.Backend.ConvolutionShape;
import io.descent.tensor.Gemm;
import java.util.Locale;
import java.util.Random;

/**
 * Prints the milliseconds and GFLOP/s of the CNN's convolutions (bench {@code cnn-adam}: batch 128, conv 1->32
 * 5x5 pad 2 on 28x28, conv 32->64 5x5 pad 2 on 14x14, and smaller shapes for the crossover) for each kernel
 * (forward, backward-data, backward-weights), three ways:
 * <ul>
 *   <li>{@code im2col}: im2col + OpenBLAS, as core's Conv2d runs without a backend ({@link Im2colConvolution});
 *   <li>{@code dnnl}: oneDNN on the layouts its primitives choose, reordered from and to nchw on each call;
 *   <li>{@code dnnl-plain}: oneDNN told to work on nchw / oihw (no reorder).
 * </ul>
 * Each figure includes the copies between Java arrays and native memory. Run:
 * {@code OMP_WAIT_POLICY=passive java -cp dnnl/target/classes:$(cat cp.txt) io.descent.dnnl.DnnlConvolutionSpeed [plain]}
 * (the plain layout only with the argument: where oneDNN falls back to its reference kernels it takes seconds).
 */
public final class DnnlConvolutionSpeed {
    private static final double SECONDS = 1.0;

    private DnnlConvolutionSpeed() {
    }

    private interface Kernel {
        void run();
    }

    public static void main(String[] args) {
        DnnlBackend backend = new DnnlBackend();
        boolean plain = args.length > 0 && args[0].equals("plain");
        System.out.println(backend.name() + "; BLAS " + Gemm.implementation() + ", threads " + Gemm.threading()
                + ", OMP_WAIT_POLICY=" + System.getenv("OMP_WAIT_POLICY"));
        ConvolutionShape[] shapes = {
            new ConvolutionShape(128, 1, 28, 28, 32, 5, 1, 2),
            new ConvolutionShape(128, 32, 14, 14, 64, 5, 1, 2),
            new ConvolutionShape(8, 1, 28, 28, 32, 5, 1, 2),
            new ConvolutionShape(8, 32, 14, 14, 64, 5, 1, 2),
            new ConvolutionShape(1, 3, 8, 8, 4, 3, 1, 1),
            new ConvolutionShape(16, 3, 8, 8, 16, 3, 1, 1),
        };
        System.out.println(String.format(Locale.ROOT, "%-44s %-8s %16s %16s %16s", "shape", "kernel", "im2col ms (GF/s)",
                "dnnl ms (GF/s)", plain ? "plain ms (GF/s)" : ""));
        for (ConvolutionShape s : shapes) {
            Backend.Convolution[] ways = plain
                    ? new Backend.Convolution[] {new Im2colConvolution(s), new DnnlConvolution(s, DnnlConvolution.Layout.CHOSEN),
                        new DnnlConvolution(s, DnnlConvolution.Layout.PLAIN)}
                    : new Backend.Convolution[] {new Im2colConvolution(s), new DnnlConvolution(s, DnnlConvolution.Layout.CHOSEN)};
            Random r = new Random(1);
            float[] x = random(r, s.n() * s.c() * s.h() * s.w());
            float[] w = random(r, s.o() * s.c() * s.kernel() * s.kernel());
            float[] b = random(r, s.o());
            float[] y = new float[s.n() * s.o() * s.outHeight() * s.outWidth()];
            float[] gy = random(r, y.length);
            float[] gx = new float[x.length];
            float[] gw = new float[w.length];
            float[] gb = new float[b.length];
            double flops = 2.0 * y.length * s.c() * s.kernel() * s.kernel();
            String[] kernels = {"fwd", "bwd-data", "bwd-wts"};
            for (int k = 0; k < 3; k++) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-44s %-8s", s.toString()
                        .replace("ConvolutionShape", ""), kernels[k]));
                for (Backend.Convolution c : ways) {
                    Kernel run = k == 0 ? () -> c.forward(x, 0, w, 0, b, 0, y, 0)
                            : k == 1 ? () -> c.backwardData(gy, 0, w, 0, gx, 0)
                            : () -> c.backwardWeights(x, 0, gy, 0, 0f, gw, 0, gb, 0);
                    double seconds = time(run);
                    line.append(String.format(Locale.ROOT, " %8.3f (%5.1f)", seconds * 1e3, flops / seconds / 1e9));
                }
                System.out.println(line);
            }
            for (int i = 1; i < ways.length; i++) {
                System.out.println("    " + ((DnnlConvolution) ways[i]).implementations());
            }
        }
    }

    /** Seconds per call: after warm-up calls, the median of five rounds of SECONDS / 5 each. */
    private static double time(Kernel k) {
        for (int i = 0; i < 3; i++) {
            k.run();
        }
        double[] rounds = new double[5];
        for (int round = 0; round < rounds.length; round++) {
            long calls = 0;
            long t0 = System.nanoTime();
            long elapsed;
            do {
                k.run();
                calls++;
                elapsed = System.nanoTime() - t0;
            } while (elapsed < SECONDS / rounds.length * 1e9);
            rounds[round] = elapsed / 1e9 / calls;
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    private static float[] random(Random r, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}
