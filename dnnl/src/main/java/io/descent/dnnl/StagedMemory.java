package io.descent.dnnl;

import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * One argument of a primitive: the values as Descent holds them (plain row-major, nchw or oihw) in a native
 * buffer that Java arrays are copied into and out of, and, where the primitive chose another layout (oneDNN's
 * blocked nChw16c and the like), the same values reordered into a buffer of that layout. Both buffers are made
 * once and reused by every call.
 *
 * <p>Both buffers may be shared between arguments that are never live at once (a convolution's output and its
 * gradient in the three primitives): their owner passes them in.
 */
final class StagedMemory {
    private final FloatPointer plainData;
    /** The buffer in the chosen layout, held so that it lives as long as the memory over it (null where unused). */
    private final FloatPointer chosenData;
    private final long size;
    /** What the primitive reads or writes: the plain memory itself when the layouts agree. */
    final dnnl_memory memory;
    private final dnnl_primitive reorder;
    private final dnnl_exec_arg_t reorderArgs;

    /**
     * @param plainDesc  the layout of Descent's array
     * @param chosen     the layout the primitive chose
     * @param plainData  a buffer of at least the plain layout's floats
     * @param chosenData a buffer of at least the chosen layout's floats, used only where the layouts differ
     * @param toChosen   true for an input (plain -> chosen before the call), false for an output
     */
    StagedMemory(dnnl_memory_desc plainDesc, dnnl_memory_desc chosen, FloatPointer plainData, FloatPointer chosenData,
            boolean toChosen) {
        this.plainData = plainData;
        this.size = OneDnn.floats(plainDesc);
        dnnl_memory plain = OneDnn.memory(plainDesc, plainData);
        if (OneDnn.same(plainDesc, chosen)) {
            memory = plain;
            this.chosenData = null;
            reorder = null;
            reorderArgs = null;
        } else {
            if (chosenData == null || chosenData.capacity() < OneDnn.floats(chosen)) {
                throw new IllegalArgumentException("a buffer of " + OneDnn.floats(chosen) + " floats is needed");
            }
            this.chosenData = chosenData;
            memory = OneDnn.memory(chosen, chosenData);
            reorder = toChosen ? OneDnn.reorder(plainDesc, chosen) : OneDnn.reorder(chosen, plainDesc);
            reorderArgs = OneDnn.args(dnnl.DNNL_ARG_FROM, toChosen ? plain : memory,
                    dnnl.DNNL_ARG_TO, toChosen ? memory : plain);
        }
    }

    /**
     * Floats a buffer for the chosen layouts of these arguments needs (shared: the largest that differs from the
     * plain layout), or 0 where every one is plain.
     */
    static long chosenFloats(dnnl_memory_desc plainDesc, dnnl_memory_desc... chosen) {
        long most = 0;
        for (dnnl_memory_desc c : chosen) {
            if (!OneDnn.same(plainDesc, c)) {
                most = Math.max(most, OneDnn.floats(c));
            }
        }
        return most;
    }

    /** True when the primitive works on another layout than Descent's (a reorder runs each call). */
    boolean reorders() {
        return reorder != null;
    }

    /** Copies values[offset ..] in and reorders them into the primitive's layout. */
    void load(float[] values, int offset) {
        plainData.put(values, offset, (int) size);
        if (reorder != null) {
            OneDnn.execute(reorder, reorderArgs, 2, "reorder");
        }
    }

    /** Reorders what the plain buffer holds (loaded through another StagedMemory over it) into this layout. */
    void reorderOnly() {
        if (reorder != null) {
            OneDnn.execute(reorder, reorderArgs, 2, "reorder");
        }
    }

    /** Zeros (an absent bias). */
    void loadZeros() {
        Pointer.memset(plainData, 0, size * Float.BYTES);
        if (reorder != null) {
            OneDnn.execute(reorder, reorderArgs, 2, "reorder");
        }
    }

    /** Reorders the primitive's result into Descent's layout, and returns the plain buffer. */
    FloatPointer store() {
        if (reorder != null) {
            OneDnn.execute(reorder, reorderArgs, 2, "reorder");
        }
        return plainData;
    }

    /** Copies the result out (after {@link #store}). */
    void storeInto(float[] values, int offset) {
        store().get(values, offset, (int) size);
    }

    int size() {
        return (int) size;
    }
}
