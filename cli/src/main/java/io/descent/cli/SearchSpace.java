package io.descent.cli;

import io.descent.InvalidInputException;
import io.descent.tensor.Rng;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hyperparameters {@code descent tune} searches, each applied to the base optimizer spec
 * ({@link Spec#with}):
 *
 * <ul>
 *   <li>grid: {@code --grid 'lr=0.001,0.01,0.1' --grid 'momentum=0,0.9'} runs every combination (here 6), in order;</li>
 *   <li>random: {@code --random 'lr=log:1e-4:1e-1' --random 'momentum=uniform:0:0.99' --random 'nesterov=true,false'}
 *       draws each trial's values from a log-uniform or uniform range, or uniformly from a list, with a seed.</li>
 * </ul>
 *
 * Drawn numbers keep 3 significant digits, so the specs in the results table can be pasted back.
 */
final class SearchSpace {
    /** At most this many grid combinations: a larger grid is a mistake, or a job for --random. */
    static final int MAX_GRID = 1000;

    /** One searched hyperparameter: a list of values, or a numeric range (log-spaced or not). */
    record Dimension(String key, List<String> values, boolean log, double lo, double hi) {
        boolean isRange() {
            return values == null;
        }

        String draw(Rng rng) {
            if (!isRange()) {
                return values.get(rng.nextInt(values.size()));
            }
            double u = rng.nextDouble();
            double v = log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
            return threeDigits(v);
        }
    }

    private SearchSpace() {
    }

    /** {@code key=v1,v2,...}. */
    static Dimension grid(String text) {
        String[] kv = keyValue("--grid", text, "key=v1,v2,... such as lr=0.001,0.01,0.1");
        return new Dimension(kv[0], values("--grid", text, kv[1]), false, 0, 0);
    }

    /** {@code key=log:LO:HI}, {@code key=uniform:LO:HI} or {@code key=v1,v2,...}. */
    static Dimension random(String text) {
        String expected = "key=log:LO:HI, key=uniform:LO:HI or key=v1,v2,... such as lr=log:1e-4:1e-1";
        String[] kv = keyValue("--random", text, expected);
        String v = kv[1];
        String kind = v.contains(":") ? v.substring(0, v.indexOf(':')).strip().toLowerCase(Locale.ROOT) : "";
        if (!kind.equals("log") && !kind.equals("uniform")) {
            return new Dimension(kv[0], values("--random", text, v), false, 0, 0);
        }
        String[] range = v.substring(v.indexOf(':') + 1).split(":", -1);
        if (range.length != 2) {
            throw new InvalidInputException("--random", "'" + text + "'", "expected " + expected);
        }
        double lo = number(text, range[0]);
        double hi = number(text, range[1]);
        if (!(lo < hi) || (kind.equals("log") && !(lo > 0))) {
            throw new InvalidInputException("--random", "'" + text + "'", "expected LO < HI" + (kind.equals("log")
                    ? " and LO > 0 for a log range" : ""));
        }
        return new Dimension(kv[0], null, kind.equals("log"), lo, hi);
    }

    /** Every combination of the grid's values, the last dimension varying fastest. */
    static List<Map<String, String>> combinations(List<Dimension> grid) {
        long count = 1;
        for (Dimension d : grid) {
            count *= d.values().size();
            if (count > MAX_GRID) {
                throw new InvalidInputException("--grid", "", "more than " + MAX_GRID
                        + " combinations; search a space that large with --random and --trials");
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Dimension d : grid) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : d.values()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(d.key(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }

    /** {@code trials} draws, each dimension drawn in turn from one generator seeded with {@code seed}. */
    static List<Map<String, String>> draws(List<Dimension> dims, int trials, long seed) {
        Rng rng = new Rng(seed);
        List<Map<String, String>> out = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (Dimension d : dims) {
                m.put(d.key(), d.draw(rng));
            }
            out.add(m);
        }
        return out;
    }

    /** Fails when two dimensions name the same key. */
    static void checkDistinct(String option, List<Dimension> dims) {
        var seen = new java.util.HashSet<String>();
        for (Dimension d : dims) {
            if (!seen.add(d.key())) {
                throw new InvalidInputException(option, "'" + d.key() + "'", "searched twice; give each key once");
            }
        }
    }

    static String threeDigits(double v) {
        BigDecimal b = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        double r = b.doubleValue();
        return Math.abs(r) >= 1e-3 && Math.abs(r) < 1e6 || r == 0 ? b.toPlainString() : Double.toString(r).replace("E", "e");
    }

    private static String[] keyValue(String option, String text, String expected) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new InvalidInputException(option, "'" + text + "'", "expected " + expected);
        }
        String key = text.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(eq + 1).strip();
        if (!key.matches("[a-z_][a-z0-9_]*") || value.isEmpty()) {
            throw new InvalidInputException(option, "'" + text + "'", "expected " + expected);
        }
        return new String[] {key, value};
    }

    private static List<String> values(String option, String text, String list) {
        List<String> out = new ArrayList<>();
        for (String v : list.split(",", -1)) {
            String s = v.strip();
            if (s.isEmpty() || s.contains("(") || s.contains(")") || s.contains("=")) {
                throw new InvalidInputException(option, "'" + text + "'", "bad value '" + s
                        + "'; values are numbers, words or a:b tuples separated by commas");
            }
            out.add(s);
        }
        return out;
    }

    private static double number(String text, String s) {
        try {
            double d = Double.parseDouble(s.strip());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--random", "'" + text + "'", "'" + s.strip() + "' is not a finite number");
    }
}
