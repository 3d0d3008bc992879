package io.descent.optim;

import io.descent.InvalidInputException;
import io.descent.tensor.DType;
import io.descent.tensor.Shape;
import io.descent.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer's state as plain data, for checkpoints: named tensors (momentum buffers, moments, L-BFGS
 * history) and named strings (the optimizer's name, step counters, learning rates, exact decimal forms of
 * doubles). A checkpoint writer stores {@link #tensors()} as safetensors entries and {@link #metadata()} in
 * the header; {@link #of} rebuilds the state from what it reads back. No Java serialization.
 *
 * <p>Names follow one pattern: {@code param.<name>.<transform>.<field>}, {@code param.<name>.step},
 * {@code group.<g>.lr}, where a parameter's name is the one it was given under (a key of
 * {@code Module.namedParameters()}, "0.weight") or, for parameters handed over as a plain list, its
 * position in that list ("0", as PyTorch's state dicts number them; see {@link ParamGroup}). A name may
 * hold dots: how the saved names are read back is in {@link ParameterNames}. Loading into an optimizer
 * checks the names (none missing, none unknown), then every entry, type and shape, and changes nothing
 * when one is wrong.
 *
 * <pre>{@code
 * OptimizerState saved = adam.state();                      // copies
 * writer.write(saved.tensors(), saved.metadata());          // someone's file format
 * fresh.load(OptimizerState.of(reader.tensors(), reader.metadata()));
 * }</pre>
 */
public final class OptimizerState {
    /** The source named in errors about a malformed state. */
    static final String SOURCE = "optimizer state";

    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private OptimizerState(Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A state from the two maps a checkpoint holds (the tensors are not copied). */
    public static OptimizerState of(Map<String, Tensor> tensors, Map<String, String> metadata) {
        OptimizerState s = new OptimizerState(tensors, metadata);
        s.string("optimizer");
        return s;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Which optimizer saved this state ("adam", "lbfgs"). */
    public String optimizer() {
        return string("optimizer");
    }

    String string(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new InvalidInputException(SOURCE, "entry '" + key + "'", "missing");
        }
        return v;
    }

    long longValue(String key) {
        String v = string(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(SOURCE, "entry '" + key + "'", "'" + v + "' is not an integer", e);
        }
    }

    double doubleValue(String key) {
        String v = string(key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(SOURCE, "entry '" + key + "'", "'" + v + "' is not a number", e);
        }
    }

    /** A learning rate or another setting that must lie in [0, inf). */
    double nonNegative(String key) {
        double v = doubleValue(key);
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(SOURCE, "entry '" + key + "'", v + " is outside [0, inf)");
        }
        return v;
    }

    /** The tensor under {@code key}, checked against the type and shape the optimizer expects. */
    Tensor tensor(String key, DType dtype, Shape shape) {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new InvalidInputException(SOURCE, "tensor '" + key + "'", "missing");
        }
        if (t.dtype() != dtype || !t.shape().equals(shape)) {
            throw new InvalidInputException(SOURCE, "tensor '" + key + "'", t.dtype().name().toLowerCase() + " "
                    + t.shape() + " does not match the expected " + dtype.name().toLowerCase() + " " + shape);
        }
        if (NON_NEGATIVE.stream().anyMatch(key::endsWith)) {
            for (int i = 0; i < t.size(); i++) {
                if (!(t.getFlat(i) >= 0)) {
                    throw new InvalidInputException(SOURCE, "tensor '" + key + "', element " + i, "holds "
                            + t.getFlat(i) + "; it accumulates squares or magnitudes, so it is 0 or more");
                }
            }
        }
        return t;
    }

    /**
     * State that sums or averages squares or magnitudes: a negative value (a forged or damaged file) would
     * make the next step take the square root of a negative number and every weight NaN.
     */
    private static final List<String> NON_NEGATIVE = List.of(".exp_avg_sq", ".max_exp_avg_sq", ".sum", ".square_avg",
            ".acc_delta", ".exp_inf");

    /** Fails on entries that no part of the optimizer asked for: a state of another configuration. */
    void checkOnly(Set<String> tensorKeys, Set<String> metadataKeys) {
        for (String k : tensors.keySet()) {
            if (!tensorKeys.contains(k)) {
                throw new InvalidInputException(SOURCE, "tensor '" + k + "'", "not part of this optimizer's state");
            }
        }
        for (String k : metadata.keySet()) {
            if (!metadataKeys.contains(k)) {
                throw new InvalidInputException(SOURCE, "entry '" + k + "'", "not part of this optimizer's state");
            }
        }
    }

    /** Fails unless the state was saved by an optimizer of the given name and description. */
    void checkSavedBy(String optimizer, String description) {
        String saved = optimizer();
        if (!saved.equals(optimizer)) {
            throw new InvalidInputException(SOURCE, "entry 'optimizer'", "saved by '" + saved
                    + "', cannot be loaded into '" + optimizer + "'");
        }
        String savedDescription = string("description");
        if (!savedDescription.equals(description)) {
            throw new InvalidInputException(SOURCE, "entry 'description'", "saved by " + savedDescription
                    + ", cannot be loaded into " + description);
        }
    }

    static Builder builder(String optimizer, String description) {
        return new Builder().put("optimizer", optimizer).put("description", description);
    }

    /** Collects entries, copying tensors so that the state does not change with the optimizer. */
    static final class Builder {
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        Builder put(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        Builder put(String key, long value) {
            return put(key, Long.toString(value));
        }

        /** Stores a double in a decimal form that parses back to the same bits. */
        Builder put(String key, double value) {
            return put(key, Double.toString(value));
        }

        Builder putCopy(String key, Tensor value) {
            tensors.put(key, value.copy());
            return this;
        }

        OptimizerState build() {
            return new OptimizerState(tensors, metadata);
        }
    }
}
