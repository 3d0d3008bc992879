package io.descent.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descent.InvalidInputException;
import io.descent.io.OutputFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The per-epoch record of a training run, in order; written as CSV or JSON with numbers in full precision. */
public final class History {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<EpochRecord> epochs = new ArrayList<>();

    public void add(EpochRecord r) {
        epochs.add(r);
    }

    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    public EpochRecord last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("the history is empty: no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The values of one metric over the epochs that have it. */
    public double[] series(String metric) {
        return epochs.stream().filter(e -> e.has(metric)).mapToDouble(e -> e.get(metric)).toArray();
    }

    /** Every metric name, in the order first seen. */
    public List<String> metricNames() {
        Set<String> names = new LinkedHashSet<>();
        for (EpochRecord e : epochs) {
            names.addAll(e.metrics().keySet());
        }
        return new ArrayList<>(names);
    }

    /** CSV with the header {@code epoch,<metrics...>}; a metric an epoch lacks is an empty field. */
    public String toCsv() {
        List<String> names = metricNames();
        StringBuilder sb = new StringBuilder("epoch");
        for (String n : names) {
            sb.append(',').append(n);
        }
        sb.append('\n');
        for (EpochRecord e : epochs) {
            sb.append(e.epoch());
            for (String n : names) {
                sb.append(',');
                Double v = e.metrics().get(n);
                if (v != null) {
                    sb.append(v);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A JSON array of objects {@code {"epoch": 1, "train_loss": ..., ...}}. */
    public String toJson() {
        ArrayNode arr = JSON.createArrayNode();
        for (EpochRecord e : epochs) {
            ObjectNode o = arr.addObject();
            o.put("epoch", e.epoch());
            e.metrics().forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    o.put(k, v);
                } else {
                    o.put(k, v.toString()); // JSON has no NaN: keep it readable and exact as text
                }
            });
        }
        return arr.toString();
    }

    /** Parses what {@link #toJson} wrote (a checkpoint's copy of the history). */
    public static History fromJson(String source, String json) {
        History h = new History();
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isArray()) {
                throw new InvalidInputException(source, "history", "expected a JSON array of epochs");
            }
            for (JsonNode n : root) {
                if (!n.isObject() || !n.path("epoch").canConvertToInt()) {
                    throw new InvalidInputException(source, "history", "each epoch must be an object with an integer 'epoch'");
                }
                Map<String, Double> m = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> f = it.next();
                    if (!f.getKey().equals("epoch")) {
                        JsonNode v = f.getValue();
                        m.put(f.getKey(), v.isNumber() ? v.doubleValue() : parseSpecial(source, f.getKey(), v.asText()));
                    }
                }
                h.add(new EpochRecord(n.get("epoch").intValue(), m));
            }
        } catch (IOException e) {
            throw new InvalidInputException(source, "history", "not valid JSON: " + e.getMessage(), e);
        }
        return h;
    }

    private static double parseSpecial(String source, String key, String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new InvalidInputException(source, "history '" + key + "'", "'" + text + "' is not a number");
        };
    }

    /** Written as {@link OutputFile} writes: a file replaced whole, a device, fifo or {@code -} straight through. */
    public void writeCsv(Path path) throws IOException {
        OutputFile.writeString(path, toCsv());
    }

    public void writeJson(Path path) throws IOException {
        OutputFile.writeString(path, toJson());
    }
}
