package io.descent.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON object {@code descent analyze --json} writes: keys in insertion order, numbers, arrays and strings. */
final class AnalysisJson {
    private final Map<String, String> fields = new LinkedHashMap<>();

    AnalysisJson put(String key, double value) {
        fields.put(key, number(value));
        return this;
    }

    AnalysisJson put(String key, long value) {
        fields.put(key, Long.toString(value));
        return this;
    }

    AnalysisJson put(String key, boolean value) {
        fields.put(key, Boolean.toString(value));
        return this;
    }

    AnalysisJson put(String key, double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? ", " : "").append(number(values[i]));
        }
        fields.put(key, sb.append(']').toString());
        return this;
    }

    AnalysisJson put(String key, String value) {
        fields.put(key, quoted(value));
        return this;
    }

    /** Java's shortest round-trip form (1.0E-5 is a JSON number); NaN and infinities have none: null. */
    private static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    String text() {
        StringBuilder sb = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            sb.append("  ").append(quoted(e.getKey())).append(": ").append(e.getValue())
                    .append(++i < fields.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }
}
