package io.descent.optim;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.GradientSupport;
import io.descent.tensor.Parallel;
import io.descent.tensor.Tensor;

/**
 * One parameter's working area inside an optimizer, allocated once: the update buffer that the chain of
 * transforms rewrites in place, the parameter's group, the number of steps the parameter has taken, and one
 * state record per transform of the chain.
 *
 * <p>The update starts each step as the gradient. Each stage reads the update as it comes in,
 * {@link #incoming()}, and a stage that changes it writes the result to the {@link #buffer()}, element i
 * after reading element i; from the next stage on, the buffer is the incoming update. No copy of the
 * gradient is ever made: Adam, whose stages only read, works on the gradient itself, SGD with momentum
 * reads it once and (its momentum and descent run as one pass, see {@link Chain}) never writes the buffer,
 * and the parameter's gradient is never changed.
 *
 * <p>Every array a stage sees starts at index 0 ({@link #value()} too: a parameter whose storage starts at
 * an offset is worked on in a copy, written back at the end of the step), so the loops index all arrays
 * alike, which is what lets the JIT vectorize them.
 *
 * <p>A step may be sparse ({@link #isSparse()}): the gradient is known to be zero outside a few columns and
 * every stage leaves zero-gradient elements unchanged, so the stages run on {@link #elements()} only. The
 * list is the support's columns themselves for a one-row weight, else its elements j * width + c, expanded
 * into an array made the first time. The arrays have the parameter's type: {@code float[]}
 * for float32, {@code double[]} for float64. Large parameters are updated by all cores:
 * {@link #forRanges} splits the element range, and as each element's update depends on that element
 * alone, the result is the same for any number of threads; small ones take a step without allocating.
 */
public final class Slot {
    private final Parameter parameter;
    private final Group group;
    private final Tensor buffer;
    /** A dense copy of the value when the parameter's storage starts at an offset, else null. */
    private final Tensor staging;
    private final TransformState[] states;
    private Tensor incoming;
    private boolean written;
    private long step;
    private boolean sparse;
    private int[] elements;
    private int elementCount;
    /** The element list of a many-row weight's sparse steps, made at the first; null until then. */
    private int[] expanded;

    Slot(Parameter parameter, Group group, Chain chain) {
        this.parameter = parameter;
        this.group = group;
        Tensor value = parameter.value();
        this.buffer = Tensor.zeros(value.dtype(), value.shape());
        this.staging = value.offset() == 0 ? null : Tensor.zeros(value.dtype(), value.shape());
        this.states = chain.init(value);
    }

    public Parameter parameter() {
        return parameter;
    }

    /** The parameter's values, changed in place by the stage that applies the update; index 0 is the first. */
    public Tensor value() {
        return staging != null ? staging : parameter.value();
    }

    /** The update as it reaches this stage, to read and not to write: the gradient until a stage wrote the buffer. */
    public Tensor incoming() {
        return incoming;
    }

    /**
     * Where a stage that changes the update writes it, element i after reading element i of
     * {@link #incoming()} (which may be this same buffer, when an earlier stage wrote it). The next stage
     * reads it as its incoming update.
     */
    public Tensor buffer() {
        written = true;
        return buffer;
    }

    public Group group() {
        return group;
    }

    /** Steps taken by this parameter, counting the one in progress (1 during the first step), as PyTorch's {@code state['step']}. */
    public long step() {
        return step;
    }

    public boolean isFloat64() {
        return buffer.dtype() == DType.FLOAT64;
    }

    /** Number of elements. */
    public int size() {
        return buffer.size();
    }

    /**
     * The loop of a stage over the elements [from, to), given its transform and state as arguments so that a
     * method reference to it captures nothing: {@code slot.forRanges(this, state, AdamStep::updateRange)}.
     */
    @FunctionalInterface
    public interface RangeUpdate<T, S> {
        void update(T transform, Slot slot, S state, int from, int to);
    }

    /**
     * Runs {@code update} over the elements [0, size()): in this thread when the parameter is small, without
     * allocating anything, else split across the cores.
     */
    public <T, S> void forRanges(T transform, S state, RangeUpdate<T, S> update) {
        if (!Parallel.splits(size(), Parallel.GRAIN)) {
            update.update(transform, this, state, 0, size());
            return;
        }
        Parallel.forRange(size(), Parallel.GRAIN, (from, to) -> update.update(transform, this, state, from, to));
    }

    TransformState state(int stage) {
        return states[stage];
    }

    void setStep(long value) {
        step = value;
    }

    /** Whether this step runs on {@link #elements()} only. */
    public boolean isSparse() {
        return sparse;
    }

    /** In a sparse step, the elements to update in the first {@link #elementCount()} entries; read only. */
    public int[] elements() {
        return elements;
    }

    public int elementCount() {
        return elementCount;
    }

    /** Whether a step on {@code grad} can be sparse here: no copies to stage (nothing at an offset). */
    boolean canStepSparsely(Tensor grad) {
        return staging == null && grad.offset() == 0;
    }

    /** Starts a step on the elements of the support's columns only (see {@link #canStepSparsely}). */
    void beginSparse(Tensor grad, GradientSupport support) {
        step++;
        incoming = grad;
        written = false;
        sparse = true;
        int[] cols = support.columns();
        int n = support.count();
        if (support.rows() == 1) {
            elements = cols;
            elementCount = n;
            return;
        }
        if (expanded == null) {
            expanded = new int[size()];
        }
        int w = support.width();
        int k = 0;
        for (int j = 0; j < support.rows(); j++) {
            int row = j * w;
            for (int q = 0; q < n; q++) {
                expanded[k++] = row + cols[q];
            }
        }
        elements = expanded;
        elementCount = k;
    }

    /** Starts a step: counts it and takes the gradient as the incoming update (copied if it starts at an offset). */
    void begin(Tensor grad) {
        step++;
        incoming = grad;
        written = false;
        sparse = false;
        if (grad.offset() != 0) {
            copyIncomingToBuffer();
        }
        if (staging != null) {
            copy(parameter.value(), staging);
        }
    }

    /** Ends a stage of the chain: what it wrote to the buffer is the next stage's incoming update. */
    void endStage() {
        if (written) {
            incoming = buffer;
            written = false;
        }
    }

    /** Makes the buffer hold the incoming update, for gradient clipping, which rewrites the updates in place. */
    void copyIncomingToBuffer() {
        if (incoming != buffer) {
            copy(incoming, buffer);
            incoming = buffer;
        }
    }

    /** Ends a step: writes the values back when they were worked on in a copy. */
    void end() {
        if (staging != null) {
            copy(staging, parameter.value());
        }
    }

    /** Copies all elements, split across the cores when large (the only case that allocates, a lambda). */
    private static void copy(Tensor from, Tensor to) {
        if (!Parallel.splits(from.size(), Parallel.GRAIN)) {
            copy(from, to, 0, from.size());
            return;
        }
        Parallel.forRange(from.size(), Parallel.GRAIN, (lo, hi) -> copy(from, to, lo, hi));
    }

    private static void copy(Tensor from, Tensor to, int lo, int hi) {
        if (from.dtype() == DType.FLOAT64) {
            System.arraycopy(from.doubles(), from.offset() + lo, to.doubles(), to.offset() + lo, hi - lo);
        } else {
            System.arraycopy(from.floats(), from.offset() + lo, to.floats(), to.offset() + lo, hi - lo);
        }
    }
}
