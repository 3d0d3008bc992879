package io.descent.optim;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;

/**
 * One parameter's working area inside an optimizer, allocated once: the update buffer that the chain of
 * transforms rewrites in place (it starts each step as a copy of the gradient), the parameter's group,
 * the number of steps the parameter has taken, and one state record per transform of the chain.
 *
 * <p>The buffer has the parameter's type: {@code float[]} for float32 parameters, {@code double[]} for
 * float64. The parameter's own values may start at an offset of its backing array; the buffer and the
 * state tensors always start at 0.
 */
public final class Slot {
    private final Parameter parameter;
    private final Group group;
    private final Tensor buffer;
    private final TransformState[] states;
    private long step;

    Slot(Parameter parameter, Group group, Chain chain) {
        this.parameter = parameter;
        this.group = group;
        Tensor value = parameter.value();
        this.buffer = Tensor.zeros(value.dtype(), value.shape());
        this.states = chain.init(value);
    }

    public Parameter parameter() {
        return parameter;
    }

    /** The parameter's value, a leaf tensor that transforms change in place through its array. */
    public Tensor value() {
        return parameter.value();
    }

    /** The update buffer: the gradient at the start of a step, rewritten by each transform. */
    public Tensor buffer() {
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

    TransformState state(int stage) {
        return states[stage];
    }

    void setStep(long value) {
        step = value;
    }

    /** Starts a step: counts it and copies the gradient into the update buffer. */
    void begin(Tensor grad) {
        step++;
        if (isFloat64()) {
            System.arraycopy(grad.doubles(), grad.offset(), buffer.doubles(), 0, buffer.size());
        } else {
            System.arraycopy(grad.floats(), grad.offset(), buffer.floats(), 0, buffer.size());
        }
    }
}
