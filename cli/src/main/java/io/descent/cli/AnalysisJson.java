package io.descent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON object {@code descent analyze --json} writes, keys in insertion order. A NaN or infinite number has no
 * JSON form and is written as null (a one-probe standard error, a diverged loss).
 */
final class AnalysisJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode root = MAPPER.createObjectNode();

    AnalysisJson put(String key, double value) {
        if (Double.isFinite(value)) {
            root.put(key, value);
        } else {
            root.putNull(key);
        }
        return this;
    }

    AnalysisJson put(String key, long value) {
        root.put(key, value);
        return this;
    }

    AnalysisJson put(String key, boolean value) {
        root.put(key, value);
        return this;
    }

    AnalysisJson put(String key, String value) {
        root.put(key, value);
        return this;
    }

    AnalysisJson put(String key, double[] values) {
        ArrayNode a = root.putArray(key);
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return this;
    }

    String text() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("analyze: the JSON could not be written", e);
        }
    }
}
