package io.descent.tensor;

import dev.ludovic.netlib.blas.BLAS;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Row-major general matrix products through BLAS {@code sgemm}/{@code dgemm} ({@code dev.ludovic.netlib}:
 * native OpenBLAS when installed, a pure-Java implementation otherwise). Transposed operands are passed as
 * BLAS flags, never copied.
 *
 * <p>BLAS is column-major. A row-major matrix read column-major is its transpose, so the row-major product
 * C = op(A) op(B) is computed as the column-major product C^T = op(B)^T op(A)^T: same arrays, operands
 * swapped.
 *
 * <p>Who runs a product on which core: when BLAS computes each call on its caller's thread alone (the pure-Java
 * BLAS always; OpenBLAS when its environment says one thread, {@code OPENBLAS_NUM_THREADS=1}, as the
 * {@code descent} launcher sets it), a large product is cut into blocks of C, one per {@link Parallel} thread,
 * each a BLAS call of its own. Otherwise BLAS's own threads share each call, as in PyTorch. Descent's way is
 * the faster one on the benchmark's two cores (bench/README.md, "Measured choices"): OpenBLAS's workers must
 * be woken for every call and then keep a
 * core busy waiting for the next one, the very core that Descent's element-wise passes between the products
 * want, while Descent's pool threads are already awake from those passes.
 */
public final class Gemm {
    /**
     * netlib logs a warning through java.util.logging for every implementation it could not load (the Vector
     * API one when the JVM lacks the incubator module) even when native BLAS loaded; {@link #isNative()} and the
     * command line say what matters once. Kept in a field: loggers are weakly referenced.
     */
    private static final java.util.logging.Logger NETLIB_LOG = quietNetlibLog();
    private static final BLAS BLAS = dev.ludovic.netlib.blas.BLAS.getInstance();
    /**
     * netlib's {@code sgemmK}/{@code dgemmK}: the BLAS call behind its public methods' argument checks, which
     * reject a block of C that ends at the end of its array (they ask for ld * columns elements, where BLAS reads
     * ld * (columns - 1) + rows). {@link #requireFits} checks the whole product exactly instead. Null when the
     * JVM does not let us reach them (netlib on the module path); products are then not split.
     */
    private static final MethodHandle SGEMM_K = kernel("sgemmK", float.class, float[].class);
    private static final MethodHandle DGEMM_K = kernel("dgemmK", double.class, double[].class);
    /** Blocks a large product is cut into: Descent's thread count where BLAS runs each call on one thread. */
    private static final int SPLIT_THREADS = splitThreads(Parallel.THREADS, SGEMM_K != null && DGEMM_K != null,
            isNative(), BlasThreads.openBlasThreads(System.getenv()));
    /** The float32 backend each product is offered first ({@link Backends}), or null when BLAS runs them all. */
    private static final Backend BACKEND = Backends.current().orElse(null);
    /** Multiply-adds below which a product stays in one call (about 50 microseconds on one core here). */
    private static final long MIN_SPLIT_WORK = 1L << 21;
    /** Rows or columns of C per block at least, so that each block still fills BLAS's register tiles. */
    private static final int MIN_BLOCK = 64;

    private static java.util.logging.Logger quietNetlibLog() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.ludovic.netlib");
        log.setLevel(java.util.logging.Level.SEVERE);
        return log;
    }

    private static MethodHandle kernel(String name, Class<?> scalar, Class<?> array) {
        try {
            Class<?> owner = BLAS.getClass();              // the implementation; sgemmK is declared by its base
            while (owner != null && !owner.getName().equals("dev.ludovic.netlib.blas.AbstractBLAS")) {
                owner = owner.getSuperclass();
            }
            if (owner == null) {
                return null;
            }
            MethodHandle k = MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVirtual(owner, name,
                    MethodType.methodType(void.class, String.class, String.class, int.class, int.class, int.class,
                            scalar, array, int.class, int.class, array, int.class, int.class, scalar, array, int.class,
                            int.class));
            return k.asType(k.type().changeParameterType(0, BLAS.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private Gemm() {
    }

    /** Name of the BLAS implementation in use, e.g. {@code JNIBLAS} (native) or {@code VectorBLAS} (Java). */
    public static String implementation() {
        return BLAS.getClass().getSimpleName();
    }

    /** True when the native (JNI) BLAS was loaded. */
    public static boolean isNative() {
        return implementation().contains("JNI");
    }

    /**
     * The threads a large product runs on, in words: Descent's n threads (BLAS on one thread per call) or
     * BLAS's own.
     */
    public static String threading() {
        return SPLIT_THREADS > 1 ? "descent:" + SPLIT_THREADS : "blas";
    }

    /**
     * C = alpha op(A) op(B) + beta C with row-major C of shape [m, n]; op(A) is [m, k] and op(B) is [k, n].
     * A is stored [m, k], or [k, m] when {@code transA}; B is stored [k, n], or [n, k] when {@code transB}.
     *
     * <p>For beta = 0 the elements of C are set to zero here and BLAS adds the product to them (beta = 1):
     * OpenBLAS would first zero C itself, in a scalar loop, slower than {@link Arrays#fill}; the sums are
     * the same, since OpenBLAS too adds its product to the zeroed C. A caller whose C is freshly allocated,
     * hence zero already, passes beta = 1 and skips both.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        if (BACKEND != null && m > 0 && n > 0 && k > 0) {
            requireFits("A", a.length, aOff, m, k);
            requireFits("B", b.length, bOff, k, n);
            requireFits("C", c.length, cOff, m, n);
            if (BACKEND.sgemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff)) {
                return;
            }
        }
        blasSgemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /**
     * {@link #sgemm} through BLAS alone, whatever the {@link Backend}: the reference a backend is tested and
     * measured against.
     */
    public static void blasSgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        sgemm(blocks(m, n, k), transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /** {@link #sgemm} cut into {@code blocks} blocks of C (rows or columns, whichever C has more of). */
    static void sgemm(int blocks, boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m * n; i++) {
                c[cOff + i] = beta == 0 ? 0 : c[cOff + i] * beta;
            }
            return;
        }
        requireFits("A", a.length, aOff, m, k);
        requireFits("B", b.length, bOff, k, n);
        requireFits("C", c.length, cOff, m, n);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (blocks <= 1 || SGEMM_K == null) {
            sgemmBlock(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, n);
            return;
        }
        forBlocks(blocks, m, n, (i0, rows, j0, cols) -> sgemmBlock(transA, transB, rows, cols, k, alpha,
                a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + i0 * n + j0, n));
    }

    /** The float64 twin of {@link #sgemm}. */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
            double[] a, int aOff, double[] b, int bOff, double beta, double[] c, int cOff) {
        dgemm(blocks(m, n, k), transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /** The float64 twin of {@link #sgemm(int, boolean, boolean, int, int, int, float, float[], int, float[], int, float, float[], int)}. */
    static void dgemm(int blocks, boolean transA, boolean transB, int m, int n, int k, double alpha,
            double[] a, int aOff, double[] b, int bOff, double beta, double[] c, int cOff) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m * n; i++) {
                c[cOff + i] = beta == 0 ? 0 : c[cOff + i] * beta;
            }
            return;
        }
        requireFits("A", a.length, aOff, m, k);
        requireFits("B", b.length, bOff, k, n);
        requireFits("C", c.length, cOff, m, n);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (blocks <= 1 || DGEMM_K == null) {
            dgemmBlock(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, n);
            return;
        }
        forBlocks(blocks, m, n, (i0, rows, j0, cols) -> dgemmBlock(transA, transB, rows, cols, k, alpha,
                a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff + (transB ? j0 * ldb : j0), ldb, beta, c, cOff + i0 * n + j0, n));
    }

    /** A block of C: rows i0 .. i0 + rows - 1, columns j0 .. j0 + cols - 1. */
    @FunctionalInterface
    private interface Block {
        void run(int i0, int rows, int j0, int cols);
    }

    /**
     * Runs {@code block} on each of {@code blocks} blocks of an [m, n] C across the threads: blocks of rows when C
     * has at least as many rows as columns (each BLAS call then packs all of op(B), the smaller operand, and its
     * own rows of op(A)), else blocks of columns.
     */
    private static void forBlocks(int blocks, int m, int n, Block block) {
        Parallel.forRange(blocks, 1, (first, end) -> {
            for (int p = first; p < end; p++) {
                if (m >= n) {
                    int i0 = bound(m, p, blocks);
                    block.run(i0, bound(m, p + 1, blocks) - i0, 0, n);
                } else {
                    int j0 = bound(n, p, blocks);
                    block.run(0, m, j0, bound(n, p + 1, blocks) - j0);
                }
            }
        });
    }

    /**
     * How many blocks to cut a product into: one per thread where BLAS runs on one thread per call and the
     * product is worth it, each block at least {@link #MIN_BLOCK} rows or columns wide; else 1.
     */
    static int blocks(int m, int n, int k) {
        return blocks(m, n, k, SPLIT_THREADS);
    }

    static int blocks(int m, int n, int k, int threads) {
        if (threads <= 1 || (long) m * n * k < MIN_SPLIT_WORK) {
            return 1;
        }
        return Math.max(1, Math.min(threads, Math.max(m, n) / MIN_BLOCK));
    }

    /**
     * The threads Descent splits products over: its own when it has more than one, can call BLAS on blocks, and
     * BLAS computes a call on the caller's thread alone (the Java BLAS always, OpenBLAS when told one thread);
     * else 1, leaving any threading to BLAS.
     */
    static int splitThreads(int descentThreads, boolean kernelsReachable, boolean nativeBlas, int openBlasThreads) {
        boolean blasSingleThreaded = !nativeBlas || openBlasThreads == 1;
        return descentThreads > 1 && kernelsReachable && blasSingleThreaded ? descentThreads : 1;
    }

    /**
     * The start of block p of {@code blocks} over [0, len): an even division rounded down to a multiple of 16,
     * BLAS's register tile, so that only the last block has a ragged edge.
     */
    private static int bound(int len, int p, int blocks) {
        return p >= blocks ? len : (int) ((long) len * p / blocks) & ~15;
    }

    /** The kernel is called past netlib's checks, so the whole product's arrays are checked here, exactly. */
    private static void requireFits(String name, int length, int off, int rows, int cols) {
        if (off < 0 || off + (long) rows * cols > length) {
            throw new IllegalArgumentException("gemm: " + name + " needs " + rows + " x " + cols
                    + " elements from offset " + off + ", its array has " + length);
        }
    }

    /** One BLAS call on a block of C with leading dimension ldc (beta = 0 handled as in {@link #sgemm}). */
    private static void sgemmBlock(boolean transA, boolean transB, int m, int n, int k, float alpha,
            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (beta == 0) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            beta = 1;
        }
        String opA = transA ? "T" : "N";                  // typed locals: invokeExact matches static types
        String opB = transB ? "T" : "N";
        try {
            if (SGEMM_K == null) {
                BLAS.sgemm(opB, opA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
            } else {
                SGEMM_K.invokeExact(BLAS, opB, opA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** The float64 twin of {@link #sgemmBlock}. */
    private static void dgemmBlock(boolean transA, boolean transB, int m, int n, int k, double alpha,
            double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (beta == 0) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            }
            beta = 1;
        }
        String opA = transA ? "T" : "N";
        String opB = transB ? "T" : "N";
        try {
            if (DGEMM_K == null) {
                BLAS.dgemm(opB, opA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
            } else {
                DGEMM_K.invokeExact(BLAS, opB, opA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c, cOff, ldc);
            }
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /** A failure of the kernel as it was (BLAS's own are unchecked), anything else wrapped. */
    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
