package io.descent.dnnl;

import io.descent.tensor.Backend;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
 */
public final class DnnlBackend implements Backend {
    /**
     * Multiply-adds below which BLAS is faster (measured with DnnlGemmSpeed on 2 cores: oneDNN wins from about
     * [128, 128] x [128, 128] up, where its threading starts to pay).
     */
    static final long MIN_WORK = 1L << 21;

    private final String name;
    private final boolean loaded;
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    /** The three operand buffers of one thread. */
    private static final class Buffers {
        final NativeFloats a = new NativeFloats();
        final NativeFloats b = new NativeFloats();
        final NativeFloats c = new NativeFloats();
    }

    public DnnlBackend() {
        String described;
        boolean ok;
        try {
            DnnlNatives.load();
            dnnl_version_t v = dnnl.dnnl_version();
            described = "oneDNN " + v.major() + "." + v.minor() + " (" + isaName(dnnl.dnnl_get_effective_cpu_isa()) + ")";
            ok = true;
        } catch (Throwable t) {                       // a missing or foreign native library: BLAS runs
            described = "BLAS (oneDNN failed to load: " + t + ")";
            ok = false;
        }
        name = described;
        loaded = ok;
    }

    @Override
    public String name() {
        return name;
    }

    /** True when the natives loaded and this backend takes products. */
    public boolean loaded() {
        return loaded;
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
        if (!loaded || m <= 0 || n <= 0 || k <= 0) {
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
