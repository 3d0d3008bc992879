package io.descent.optim;

import io.descent.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names under which an optimizer's state refers to its parameters: {@code param.<name>.<rest>}.
 *
 * <p>A name may hold dots ("0.weight"), so keys are never split at dots from the front. Every optimizer
 * writes one entry per parameter whose key ends with a fixed suffix ({@code .step} for the chained
 * optimizers, {@code .previous} for the look-ahead, {@code .offset} for L-BFGS), and the saved names are
 * what lies between {@code param.} and that suffix. The other keys are built from the optimizer's own
 * names and compared whole; their last two parts (transform, field) hold no dots.
 */
final class ParameterNames {
    static final String PREFIX = "param.";

    private ParameterNames() {
    }

    /** "0", "1", ...: the names of parameters handed over as a plain list. */
    static List<String> positional(int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    /** Fails on an empty or repeated name. */
    static List<String> checked(String optimizer, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n.isEmpty()) {
                throw new IllegalArgumentException(optimizer + ": a parameter has an empty name");
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException(optimizer + ": parameter name '" + n + "' appears more than once");
            }
        }
        return List.copyOf(names);
    }

    static String key(String name, String rest) {
        return PREFIX + name + "." + rest;
    }

    /** The names of the keys {@code param.<name><suffix>} among {@code keys}, in their order. */
    static Set<String> in(Collection<String> keys, String suffix) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            if (k.startsWith(PREFIX) && k.endsWith(suffix) && k.length() > PREFIX.length() + suffix.length()) {
                out.add(k.substring(PREFIX.length(), k.length() - suffix.length()));
            }
        }
        return out;
    }

    /**
     * Fails unless the state names exactly the optimizer's parameters: a state of another model, or of the
     * same model with a parameter renamed, would otherwise give one parameter another's moments.
     */
    static void check(Set<String> saved, List<String> expected) {
        Set<String> unknown = new TreeSet<>(saved);
        expected.forEach(unknown::remove);
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(saved);
        if (unknown.isEmpty() && missing.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!unknown.isEmpty()) {
            problems.add("holds parameters " + quoted(unknown) + " that this optimizer does not have");
        }
        if (!missing.isEmpty()) {
            problems.add("lacks this optimizer's parameters " + quoted(missing));
        }
        throw new InvalidInputException(OptimizerState.SOURCE, "parameter names", String.join(" and ", problems)
                + "; expected the parameters " + quoted(expected));
    }

    private static String quoted(Collection<String> names) {
        List<String> q = new ArrayList<>();
        for (String n : names) {
            q.add("'" + n + "'");
        }
        return "[" + String.join(", ", q) + "]";
    }
}
