package io.descent.nn;

import io.descent.tensor.Tensor;

/**
 * A learnable tensor of a module: a leaf that requires grad. Optimizers read {@link #grad()} and update
 * {@link #value()} in place, inside {@code GradMode.disabled()}.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;

    /** Wraps {@code value} (which becomes a leaf requiring grad) under its local name ("weight", "bias"). */
    public Parameter(String name, Tensor value) {
        if (!value.isLeaf()) {
            throw new IllegalArgumentException("parameter " + name + ": needs a leaf tensor, not a computed one");
        }
        this.name = name;
        this.value = value.requiresGrad() ? value : value.requiresGrad(true);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    /** The gradient accumulated by the last backward passes, or null. */
    public Tensor grad() {
        return value.grad();
    }

    public void zeroGrad() {
        value.zeroGrad();
    }

    public int size() {
        return value.size();
    }

    @Override
    public String toString() {
        return "Parameter(" + name + " " + value.dtype().name().toLowerCase() + " " + value.shape() + ")";
    }
}
