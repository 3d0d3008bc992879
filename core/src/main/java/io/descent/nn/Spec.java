package io.descent.nn;

import io.descent.tensor.DType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a module is, as data: a type name from {@link Architecture}'s fixed table, its hyperparameters and
 * its children. A model file stores the spec of its model as JSON, and {@link Architecture#build} makes the
 * module again from it. Argument values are integers, doubles, booleans or strings, nothing else, so a spec
 * maps one to one onto JSON.
 *
 * <pre>{@code
 * Spec s = new Linear(3, 2, true, new Rng(0)).spec();
 * // Spec[type=Linear, args={in_features=3, out_features=2, bias=true, dtype=float32}, children=[]]
 * Module again = Architecture.build(s);
 * }</pre>
 */
public record Spec(String type, Map<String, Object> args, List<Spec> children) {

    public Spec {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("spec: the type name must be non-empty");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        args.forEach((k, v) -> copy.put(k, checkValue(type, k, v)));
        args = Collections.unmodifiableMap(copy);
        children = List.copyOf(children);
    }

    /** A spec without children from alternating keys and values: {@code Spec.of("Dropout", "p", 0.5)}. */
    public static Spec of(String type, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("spec " + type + ": keys and values must come in pairs");
        }
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            args.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Spec(type, args, List.of());
    }

    /** This spec with the given children. */
    public Spec withChildren(List<Spec> kids) {
        return new Spec(type, args, kids);
    }

    private static Object checkValue(String type, String key, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof String) {
            return v;
        }
        if (v instanceof DType dt) {
            return dtypeName(dt);
        }
        throw new IllegalArgumentException("spec " + type + ": argument " + key + " must be an integer, double, "
                + "boolean or string, got " + (v == null ? "null" : v.getClass().getSimpleName()));
    }

    /** The name a spec uses for a dtype: {@code float32} or {@code float64}. */
    public static String dtypeName(DType dtype) {
        return dtype.name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- typed access, for builders

    /** Fails unless the arguments are exactly {@code keys} (no unknown, none missing). */
    public void requireArgs(String... keys) {
        Set<String> expected = new TreeSet<>(List.of(keys));
        Set<String> unknown = new TreeSet<>(args.keySet());
        unknown.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(args.keySet());
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new IllegalArgumentException(type + " takes the arguments " + expected
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (unknown.isEmpty() ? "" : "; unknown " + unknown));
        }
    }

    /** Fails unless this spec has exactly {@code n} children. */
    public void requireChildren(int n) {
        if (children.size() != n) {
            throw new IllegalArgumentException(type + " has " + n + " children, not " + children.size());
        }
    }

    public int intArg(String key) {
        Object v = arg(key);
        if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() == ((Number) v).intValue()) {
            return ((Number) v).intValue();
        }
        throw new IllegalArgumentException(type + ": argument " + key + " must be a 32-bit integer, got " + v);
    }

    public double doubleArg(String key) {
        Object v = arg(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(type + ": argument " + key + " must be a number, got " + v);
    }

    public boolean boolArg(String key) {
        Object v = arg(key);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(type + ": argument " + key + " must be true or false, got " + v);
    }

    public String stringArg(String key) {
        Object v = arg(key);
        if (v instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(type + ": argument " + key + " must be a string, got " + v);
    }

    public DType dtypeArg(String key) {
        String s = stringArg(key);
        for (DType d : DType.values()) {
            if (dtypeName(d).equals(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException(type + ": argument " + key + " must be float32 or float64, got " + s);
    }

    private Object arg(String key) {
        Object v = args.get(key);
        if (v == null) {
            throw new IllegalArgumentException(type + ": argument " + key + " is missing");
        }
        return v;
    }

    /** PyTorch-like text: {@code Sequential(Linear(in_features=2, out_features=1, ...), ReLU())}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        args.forEach((k, v) -> parts.add(k + "=" + v));
        children.forEach(c -> parts.add(c.toString()));
        return type + "(" + String.join(", ", parts) + ")";
    }
}
