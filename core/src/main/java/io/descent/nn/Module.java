package io.descent.nn;

import io.descent.data.CsrMatrix;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer or a model: it computes {@link #forward}, owns parameters (learned) and buffers (state such as
 * BatchNorm's running statistics, saved with the model but not learned), holds child modules, and knows
 * whether it is in training or evaluation mode (BatchNorm and Dropout behave differently).
 *
 * <p>An abstract class rather than the interface of DESIGN.md: registration of parameters, buffers and
 * children, and the recursive walks over them, are written once here instead of in every layer.
 * Names are hierarchical as in PyTorch: {@code "0.weight"}, {@code "block.1.bias"}.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** The layer's computation. */
    public abstract Tensor forward(Tensor x);

    /**
     * The computation for a batch of sparse rows [N, in] (LIBSVM data), which stays sparse into the first layer:
     * a {@link Linear} layer multiplies it without densifying, and a {@link Sequential} whose first layer is one
     * passes its dense output on. Other modules refuse it.
     */
    public Tensor forwardSparse(CsrMatrix x) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " does not take sparse input; a model for "
                + "sparse rows starts with a Linear layer");
    }

    /**
     * This module as data: its type name in {@link Architecture}'s fixed table, its hyperparameters and its
     * children's specs. A model file stores it so that {@link Architecture#build} can make the module again.
     * Every layer of this package overrides it; a module of your own that does not cannot be saved with its
     * architecture (save its weights alone and load them into a module built in code).
     */
    public Spec spec() {
        throw new IllegalStateException(getClass().getSimpleName() + " does not describe its architecture "
                + "(it does not override Module.spec()); save its weights alone and load them into a module built in code");
    }

    protected final Parameter registerParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(name, value);
        parameters.put(name, p);
        return p;
    }

    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        children.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module entry name '" + name + "' must be non-empty and have no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("module entry '" + name + "' is already registered");
        }
    }

    /** Every parameter of this module and its descendants, in registration order. */
    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every parameter under its hierarchical name. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Parameter> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, c) -> c.collectParameters(prefix + n + ".", out));
    }

    /** Every buffer (running statistics and the like) under its hierarchical name. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return out;
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, c) -> c.collectBuffers(prefix + n + ".", out));
    }

    /** All parameters and buffers by name: what a model file holds. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.value()));
        out.putAll(namedBuffers());
        return out;
    }

    /** The direct children, by name, in registration order. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Switches this module and all descendants to training ({@code true}) or evaluation mode. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
        return this;
    }

    /** Evaluation mode: {@code train(false)}. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Clears the gradients of every parameter (keeping their buffers). */
    public final void zeroGrad() {
        for (Parameter p : parameters()) {
            p.zeroGrad();
        }
    }

    /** The architecture in PyTorch-like text, e.g. {@code Sequential(Linear(in_features=2, ...), ReLU())}. */
    @Override
    public String toString() {
        try {
            return spec().toString();
        } catch (IllegalStateException e) {
            return getClass().getSimpleName() + "()";
        }
    }

    /** Total number of learned scalars. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.size();
        }
        return n;
    }
}
