package io.descent.dnnl;

import io.descent.tensor.Backend;
import io.descent.tensor.Backend.ConvolutionShape;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.dnnl.dnnl_version_t;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Float32 matrix products through oneDNN's {@code dnnl_sgemm} (row-major, like Descent), whose AVX-512 JIT
 * kernels outrun OpenBLAS held to AVX2. oneDNN threads each call itself (its OpenMP team, one thread per core);
 * Descent's split of a product into per-thread blocks is not used here (DnnlGemmSpeed measures both).
 *
 * <p>JavaCPP's {@code float[]} overloads copy each whole array in and, on release, back out (JNI's
 * GetFloatArrayElements), A and B included, and take no offsets; here only the operands' regions are copied,
 * once each way, into native buffers reused between calls (C is copied in only when beta is not 0).
 *
 * <p>Declines products too small to pay for the copies and the call ({@link #MIN_WORK}), and every product when
 * the natives failed to load (then {@link #name()} says why).
 *
 * <p>Convolutions run on oneDNN's direct convolution primitives ({@link DnnlConvolution}), made once per shape:
 * at the CNN's layers, batch 128 on 2 quiet cores, copies and reorders included, 90 and 340 GFLOP/s forward
 * against im2col + OpenBLAS's 34 and 115 (DnnlConvolutionSpeed).
 */
public final class DnnlBackend implements Backend {
    /**
     * Multiply-adds below which BLAS is faster (measured with DnnlGemmSpeed on 2 cores: oneDNN wins from about
     * [128, 128] x [128, 128] up, where its threading starts to pay).
     */
    static final long MIN_WORK = 1L << 21;
    /**
     * Multiply-adds below which a convolution stays on im2col + BLAS (DnnlConvolutionSpeed on 2 cores: oneDNN
     * runs the CNN's second layer, 1.3 G at batch 128 and 80 M at batch 8, at 2.5 to 4x im2col in all three
     * kernels, and its first, 80 M at batch 128, at 1.5 to 2.5x forward and backward-weights; at 5 M and below
     * the two trade places from run to run, the copies and reorders around each call weighing as much as the
     * arithmetic, and below 1 M im2col wins).
     */
    static final long MIN_CONVOLUTION_WORK = 1L << 24;
    /** Convolution shapes kept at most (each holds its primitives and native buffers for the process's life). */
    static final int MAX_SHAPES = 32;
    /**
     * The layout convolutions run in: the primitives' choice, reordered from and to nchw around each call
     * (DnnlConvolutionSpeed plain: on nchw itself oneDNN 3.11 falls back to {@code jit_uni_ncsp:conv+ref}, 100
     * to 300 times slower at the CNN's shapes).
     */
    static final DnnlConvolution.Layout LAYOUT = DnnlConvolution.Layout.CHOSEN;

    /** The natives' loading, begun on a thread of its own when this backend is made (see the constructor). */
    private final CompletableFuture<Natives> natives = new CompletableFuture<>();
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);
    /** The convolutions made so far, by shape; empty where oneDNN had none for the shape. */
    private final Map<ConvolutionShape, Optional<DnnlConvolution>> convolutions = new ConcurrentHashMap<>();
    /** The conv -> ReLU -> pooling blocks made so far, by shape; empty where oneDNN had none for the shape. */
    private final Map<ConvolutionShape, Optional<DnnlConvolutionReluPool>> blocks = new ConcurrentHashMap<>();

    /** The three operand buffers of one thread. */
    private static final class Buffers {
        final NativeFloats a = new NativeFloats();
        final NativeFloats b = new NativeFloats();
        final NativeFloats c = new NativeFloats();
    }

    /** What loading the natives gave: the backend's name in words, and whether it takes products. */
    private record Natives(String name, boolean loaded) {
    }

    /**
     * Starts loading the natives on a daemon thread and returns at once: mapping and relocating the 90 MB
     * library took about half a second of {@code descent train}'s start (time to the first step 2.38 s against
     * 1.83 s with DESCENT_BACKEND=blas, medians of 5, load 2), time the command spends reading its data anyway.
     * The first product large enough for oneDNN, the first convolution, and {@link #name()} wait for it.
     */
    public DnnlBackend() {
        Thread loader = new Thread(() -> natives.complete(load()), "descent-onednn-load");
        loader.setDaemon(true);
        loader.start();
    }

    private static Natives load() {
        try {
            DnnlNatives.load();
            dnnl_version_t v = dnnl.dnnl_version();
            return new Natives("oneDNN " + v.major() + "." + v.minor() + " ("
                    + isaName(dnnl.dnnl_get_effective_cpu_isa()) + ")", true);
        } catch (Throwable t) {                       // a missing or foreign native library: BLAS runs
            return new Natives("BLAS (oneDNN failed to load: " + t + ")", false);
        }
    }

    @Override
    public String name() {
        return natives.join().name();
    }

    /** True when the natives loaded and this backend takes products. */
    public boolean loaded() {
        return natives.join().loaded();
    }

    @Override
    public boolean sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        if ((long) m * n * k < MIN_WORK) {
            return false;
        }
        return sgemmAnySize(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /** {@link #sgemm} without the size threshold (tests and DnnlGemmSpeed). */
    boolean sgemmAnySize(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        if (m <= 0 || n <= 0 || k <= 0 || !loaded()) {
            return false;
        }
        int aLen = m * k;
        int bLen = k * n;
        int cLen = m * n;
        Buffers buf = buffers.get();
        FloatPointer pa = buf.a.atLeast(aLen);
        FloatPointer pb = buf.b.atLeast(bLen);
        FloatPointer pc = buf.c.atLeast(cLen);
        pa.put(a, aOff, aLen);
        pb.put(b, bOff, bLen);
        if (beta != 0) {
            pc.put(c, cOff, cLen);
        }
        int status = dnnl.dnnl_sgemm((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), m, n, k, alpha,
                pa, transA ? m : k, pb, transB ? k : n, beta, pc, n);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN: dnnl_sgemm failed with status " + status + " for ["
                    + m + ", " + k + "] x [" + k + ", " + n + "]");
        }
        pc.get(c, cOff, cLen);
        return true;
    }

    /**
     * oneDNN's convolution of this shape, made on first request and then reused (its primitives and native
     * buffers); null when the natives did not load, for shapes not worth it ({@link #takes}), once
     * {@link #MAX_SHAPES} shapes have been made (native memory stays bounded whatever sizes come), and where
     * oneDNN has no primitive for the shape.
     */
    @Override
    public Convolution convolution(ConvolutionShape shape) {
        return multiplyAdds(shape) < MIN_CONVOLUTION_WORK ? null : convolutionAnySize(shape);
    }

    /** {@link #convolution} without the size threshold (tests). */
    Convolution convolutionAnySize(ConvolutionShape shape) {
        if (!takes(shape) || !loaded()) {
            return null;
        }
        Optional<DnnlConvolution> made = convolutions.get(shape);
        if (made == null) {
            if (convolutions.size() >= MAX_SHAPES) {
                return null;
            }
            made = convolutions.computeIfAbsent(shape, DnnlBackend::make);
        }
        return made.orElse(null);
    }

    /**
     * oneDNN's conv -> ReLU -> 2 x 2 max pooling block of this shape ({@link DnnlConvolutionReluPool}), made on
     * first request and reused; null where {@link #convolution} would decline the shape, for an odd output height
     * or width, past {@link #MAX_SHAPES}, and where oneDNN lacks a part or its parts' layouts disagree.
     */
    @Override
    public ConvolutionReluPool convolutionReluPool(ConvolutionShape shape) {
        return multiplyAdds(shape) < MIN_CONVOLUTION_WORK ? null : convolutionReluPoolAnySize(shape);
    }

    /** {@link #convolutionReluPool} without the size threshold (tests). */
    ConvolutionReluPool convolutionReluPoolAnySize(ConvolutionShape shape) {
        if (!takes(shape) || shape.outHeight() % 2 != 0 || shape.outWidth() % 2 != 0 || !loaded()) {
            return null;
        }
        Optional<DnnlConvolutionReluPool> made = blocks.get(shape);
        if (made == null) {
            if (blocks.size() >= MAX_SHAPES) {
                return null;
            }
            made = blocks.computeIfAbsent(shape, DnnlBackend::makeBlock);
        }
        return made.orElse(null);
    }

    private static Optional<DnnlConvolutionReluPool> makeBlock(ConvolutionShape shape) {
        try {
            return Optional.of(new DnnlConvolutionReluPool(shape));
        } catch (IllegalStateException e) {          // a part oneDNN lacks: the layers run one by one
            return Optional.empty();
        }
    }

    /** N O H' W' C k k: the forward pass's multiply-adds (each backward kernel has as many). */
    static long multiplyAdds(ConvolutionShape s) {
        return (long) s.n() * s.o() * s.outHeight() * s.outWidth() * s.c() * s.kernel() * s.kernel();
    }

    /** True for the shapes oneDNN is given. */
    static boolean takes(ConvolutionShape s) {
        return s.n() > 0 && s.c() > 0 && s.o() > 0 && s.outHeight() > 0 && s.outWidth() > 0;
    }

    private static Optional<DnnlConvolution> make(ConvolutionShape shape) {
        try {
            return Optional.of(new DnnlConvolution(shape, LAYOUT));
        } catch (IllegalStateException e) {          // no primitive for this shape: im2col runs it
            return Optional.empty();
        }
    }

    /** The name of oneDNN's {@code dnnl_cpu_isa_*} constant of this value, e.g. {@code avx512_core}. */
    static String isaName(int isa) {
        for (Field f : dnnl.class.getFields()) {
            try {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class
                        && f.getName().startsWith("dnnl_cpu_isa_") && f.getInt(null) == isa
                        && !f.getName().equals("dnnl_cpu_isa_default")) {
                    return f.getName().substring("dnnl_cpu_isa_".length());
                }
            } catch (IllegalAccessException e) {
                // public constants: not reached
            }
        }
        return "isa " + isa;
    }
}
