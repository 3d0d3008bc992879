package io.descent.cli;

import io.descent.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A parsed component spec of the command line, one syntax for optimizers, schedules and models:
 * {@code name}, or {@code name(arg, arg, key=value, ...)}. Values are numbers, booleans, words, or
 * colon-separated tuples ({@code betas=0.9:0.999}).
 *
 * <pre>{@code
 * Spec s = Spec.parse("--optimizer", "adam(lr=1e-3, betas=0.9:0.999, amsgrad=true)");
 * s.name();                       // "adam"
 * s.doubleArg("lr", 1e-3);        // 0.001
 * s.tupleArg("betas", 0.9, 0.999) // [0.9, 0.999]
 * }</pre>
 *
 * Every accessor validates its value and names the option, the key and what was expected.
 */
public final class Spec {
    private static final int MAX_LENGTH = 10_000;

    private final String option;
    private final String text;
    private final String name;
    private final List<String> positional;
    private final Map<String, String> named;
    private final java.util.Set<String> used = new java.util.HashSet<>();

    private Spec(String option, String text, String name, List<String> positional, Map<String, String> named) {
        this.option = option;
        this.text = text;
        this.name = name;
        this.positional = positional;
        this.named = named;
    }

    /** Parses {@code text}; {@code option} (e.g. "--optimizer") names the source in error messages. */
    public static Spec parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(option, "", "empty spec; expected name or name(key=value, ...)");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidInputException(option, "", "spec longer than " + MAX_LENGTH + " characters");
        }
        String s = text.strip();
        int open = s.indexOf('(');
        String name;
        List<String> positional = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        if (open < 0) {
            name = s;
        } else {
            if (!s.endsWith(")")) {
                throw new InvalidInputException(option, "'" + text + "'", "missing ')' at the end");
            }
            name = s.substring(0, open).strip();
            String body = s.substring(open + 1, s.length() - 1);
            if (body.indexOf('(') >= 0 || body.indexOf(')') >= 0) {
                throw new InvalidInputException(option, "'" + text + "'", "nested parentheses are not allowed");
            }
            if (!body.isBlank()) {
                for (String part : body.split(",", -1)) {
                    String p = part.strip();
                    if (p.isEmpty()) {
                        throw new InvalidInputException(option, "'" + text + "'", "empty argument between commas");
                    }
                    int eq = p.indexOf('=');
                    if (eq < 0) {
                        if (!named.isEmpty()) {
                            throw new InvalidInputException(option, "'" + text + "'",
                                    "positional argument '" + p + "' after key=value arguments");
                        }
                        positional.add(p);
                    } else {
                        String key = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                        String value = p.substring(eq + 1).strip();
                        if (!key.matches("[a-z_][a-z0-9_]*")) {
                            throw new InvalidInputException(option, "'" + text + "'", "bad key '" + key
                                    + "'; keys are words like lr, weight_decay");
                        }
                        if (value.isEmpty()) {
                            throw new InvalidInputException(option, "'" + text + "'", "no value for key '" + key + "'");
                        }
                        if (named.put(key, value) != null) {
                            throw new InvalidInputException(option, "'" + text + "'", "key '" + key + "' given twice");
                        }
                    }
                }
            }
        }
        name = name.toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z][a-z0-9_\\-]*")) {
            throw new InvalidInputException(option, "'" + text + "'", "bad name '" + name
                    + "'; expected a word such as adam, sgd, mlp");
        }
        return new Spec(option, text, name, Collections.unmodifiableList(positional), named);
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean has(String key) {
        return named.containsKey(key);
    }

    /**
     * This spec with the {@code values} set, replacing keys it has and adding the others after them, as a new spec
     * parsed from its text: {@code adam(lr=0.01)} with {@code lr=0.1, eps=1e-6} is {@code adam(lr=0.1, eps=1e-6)}.
     */
    public Spec with(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(named);
        values.forEach((k, v) -> merged.put(k.strip().toLowerCase(Locale.ROOT), v.strip()));
        List<String> args = new ArrayList<>(positional);
        merged.forEach((k, v) -> args.add(k + "=" + v));
        return parse(option, args.isEmpty() ? name : name + "(" + String.join(", ", args) + ")");
    }

    /** A number argument, or {@code fallback} when absent. */
    public double doubleArg(String key, double fallback) {
        String v = take(key);
        return v == null ? fallback : parseDouble(key, v);
    }

    public int intArg(String key, int fallback) {
        String v = take(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer");
        }
    }

    public boolean boolArg(String key, boolean fallback) {
        String v = take(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    public String stringArg(String key, String fallback) {
        String v = take(key);
        return v == null ? fallback : v.toLowerCase(Locale.ROOT);
    }

    /** A colon-separated tuple of numbers ({@code betas=0.9:0.999}) with exactly {@code fallback.length} entries. */
    public double[] tupleArg(String key, double... fallback) {
        String v = take(key);
        if (v == null) {
            return fallback.clone();
        }
        String[] parts = v.split(":", -1);
        if (parts.length != fallback.length) {
            throw bad(key, v, fallback.length + " numbers separated by ':'");
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseDouble(key, parts[i].strip());
        }
        return out;
    }

    /** A colon-separated list of numbers of any length ({@code milestones=30:60:90}); null when absent. */
    public double[] listArg(String key) {
        String v = take(key);
        if (v == null) {
            return null;
        }
        String[] parts = v.split(":", -1);
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parseDouble(key, parts[i].strip());
        }
        return out;
    }

    /** The positional arguments as integers (layer widths of {@code mlp(1000, 1000)}). */
    public int[] positionalInts() {
        int[] out = new int[positional.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Integer.parseInt(positional.get(i));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(option, "'" + text + "'", "argument " + (i + 1) + " '"
                        + positional.get(i) + "' is not an integer");
            }
        }
        return out;
    }

    /** Fails when a key was given that no accessor asked for: a typo never passes silently. */
    public void checkAllUsed(Set<String> allowedHint) {
        for (String key : named.keySet()) {
            if (!used.contains(key)) {
                throw new InvalidInputException(option, "'" + text + "'", "unknown key '" + key + "' for " + name
                        + "; valid keys: " + String.join(", ", allowedHint));
            }
        }
    }

    /** Fails when positional arguments were given to a component that takes none. */
    public void checkNoPositional() {
        if (!positional.isEmpty()) {
            throw new InvalidInputException(option, "'" + text + "'", name + " takes only key=value arguments");
        }
    }

    private String take(String key) {
        used.add(key);
        return named.get(key);
    }

    private double parseDouble(String key, String v) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw bad(key, v, "a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number");
        }
    }

    private InvalidInputException bad(String key, String value, String expected) {
        return new InvalidInputException(option, "'" + text + "'", key + " = " + value + ": expected " + expected);
    }

    @Override
    public String toString() {
        return text;
    }
}
