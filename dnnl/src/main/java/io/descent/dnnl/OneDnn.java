package io.descent.dnnl;

import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The oneDNN C calls this module makes, each status checked (a failure throws, naming the call): one CPU engine
 * for the process and one stream per thread (a stream is not meant to be shared between threads).
 *
 * <p>Objects made here live as long as the process: primitives are made once per shape and cached
 * ({@link DnnlBackend#convolution}), so nothing is destroyed.
 */
final class OneDnn {
    private static dnnl_engine engine;
    private static final ThreadLocal<dnnl_stream> STREAM = ThreadLocal.withInitial(OneDnn::newStream);

    private OneDnn() {
    }

    /** The CPU engine (made on first use, after {@link DnnlNatives#load}). */
    static synchronized dnnl_engine engine() {
        if (engine == null) {
            PointerPointer<dnnl_engine> out = new PointerPointer<>(1L);
            check(dnnl.dnnl_engine_create(out, dnnl.dnnl_cpu, 0), "dnnl_engine_create");
            engine = out.get(dnnl_engine.class);
        }
        return engine;
    }

    private static dnnl_stream newStream() {
        PointerPointer<dnnl_stream> out = new PointerPointer<>(1L);
        check(dnnl.dnnl_stream_create(out, engine(), dnnl.dnnl_stream_default_flags), "dnnl_stream_create");
        return out.get(dnnl_stream.class);
    }

    static void check(int status, String call) {
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN: " + call + " failed with status " + status);
        }
    }

    /** A float32 memory descriptor of these dimensions and format tag ({@code dnnl_format_tag_any} lets a primitive choose). */
    static dnnl_memory_desc desc(int tag, long... dims) {
        PointerPointer<dnnl_memory_desc> out = new PointerPointer<>(1L);
        check(dnnl.dnnl_memory_desc_create_with_tag(out, dims.length, dims, dnnl.dnnl_f32, tag),
                "dnnl_memory_desc_create_with_tag");
        return out.get(dnnl_memory_desc.class);
    }

    /** The descriptor a primitive chose for one of its arguments ({@code dnnl_query_src_md} and the like). */
    static dnnl_memory_desc query(dnnl_primitive_desc pd, int what, int index) {
        dnnl_memory_desc md = dnnl.dnnl_primitive_desc_query_md(pd, what, index);
        if (md == null || md.isNull()) {
            throw new IllegalStateException("oneDNN: the primitive has no memory for query " + what);
        }
        return md;
    }

    /** The implementation oneDNN picked, e.g. {@code brg_conv_fwd:avx512_core}. */
    static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> out = new PointerPointer<>(1L);
        check(dnnl.dnnl_primitive_desc_query(pd, dnnl.dnnl_query_impl_info_str, 0, out), "dnnl_primitive_desc_query");
        return new BytePointer(out.get(0)).getString();
    }

    static boolean same(dnnl_memory_desc a, dnnl_memory_desc b) {
        return dnnl.dnnl_memory_desc_equal(a, b) != 0;
    }

    /** Floats the layout takes (a blocked layout pads the channels to its block). */
    static long floats(dnnl_memory_desc md) {
        return dnnl.dnnl_memory_desc_get_size(md) / Float.BYTES;
    }

    static dnnl_primitive primitive(dnnl_primitive_desc pd) {
        PointerPointer<dnnl_primitive> out = new PointerPointer<>(1L);
        check(dnnl.dnnl_primitive_create(out, pd), "dnnl_primitive_create");
        return out.get(dnnl_primitive.class);
    }

    /** A memory object over a native buffer of ours (which must hold {@link #floats} floats of md). */
    static dnnl_memory memory(dnnl_memory_desc md, Pointer data) {
        PointerPointer<dnnl_memory> out = new PointerPointer<>(1L);
        check(dnnl.dnnl_memory_create(out, md, engine(), data), "dnnl_memory_create");
        return out.get(dnnl_memory.class);
    }

    /** The reorder from one layout into another. */
    static dnnl_primitive reorder(dnnl_memory_desc from, dnnl_memory_desc to) {
        PointerPointer<dnnl_primitive_desc> out = new PointerPointer<>(1L);
        check(dnnl.dnnl_reorder_primitive_desc_create(out, from, engine(), to, engine(), null),
                "dnnl_reorder_primitive_desc_create");
        return primitive(out.get(dnnl_primitive_desc.class));
    }

    /** The argument list of one execution, made once and reused: pairs of DNNL_ARG_* and memory. */
    static dnnl_exec_arg_t args(Object... argAndMemory) {
        int n = argAndMemory.length / 2;
        dnnl_exec_arg_t args = new dnnl_exec_arg_t(n);
        for (int i = 0; i < n; i++) {
            args.position(i).arg((Integer) argAndMemory[2 * i]).memory((dnnl_memory) argAndMemory[2 * i + 1]);
        }
        return args.position(0);
    }

    /** Runs a primitive on this thread's stream and waits for it (oneDNN's OpenMP threads share the work). */
    static void execute(dnnl_primitive p, dnnl_exec_arg_t args, int count, String what) {
        dnnl_stream stream = STREAM.get();
        check(dnnl.dnnl_primitive_execute(p, stream, count, args), "dnnl_primitive_execute (" + what + ")");
        check(dnnl.dnnl_stream_wait(stream), "dnnl_stream_wait (" + what + ")");
    }
}
