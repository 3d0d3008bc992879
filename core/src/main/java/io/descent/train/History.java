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

/**
 * The record of a training run, in order: one {@link EpochRecord} per epoch, and for sources that measure their steps
 * (Spark) one {@link StepRecord} per step. Written as CSV (the epochs; the steps beside them in
 * {@code NAME.steps.csv}) or JSON (an array of epochs, or {@code {"epochs": [...], "steps": [...]}} when there are
 * step records), numbers in full precision.
 */
public final class History {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<EpochRecord> epochs = new ArrayList<>();
    private final List<StepRecord> steps = new ArrayList<>();

    public void add(EpochRecord r) {
        epochs.add(r);
    }

    public void add(StepRecord r) {
        steps.add(r);
    }

    /** The step records, empty for sources that do not measure their steps. */
    public List<StepRecord> steps() {
        return Collections.unmodifiableList(steps);
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
        names.forEach(n -> sb.append(',').append(n));
        sb.append('\n');
        for (EpochRecord e : epochs) {
            appendRow(sb.append(e.epoch()), names, e.metrics());
        }
        return sb.toString();
    }

    /** The fields of one CSV row after its keys: each named metric, empty where the record lacks it. */
    private static void appendRow(StringBuilder sb, Iterable<String> names, Map<String, Double> metrics) {
        for (String n : names) {
            sb.append(',');
            Double v = metrics.get(n);
            if (v != null) {
                sb.append(v);
            }
        }
        sb.append('\n');
    }

    /**
     * A JSON array of objects {@code {"epoch": 1, "train_loss": ..., ...}}; with step records, an object
     * {@code {"epochs": [...], "steps": [{"step": 1, "epoch": 1, ...}, ...]}}.
     */
    public String toJson() {
        ArrayNode arr = JSON.createArrayNode();
        for (EpochRecord e : epochs) {
            ObjectNode o = arr.addObject();
            o.put("epoch", e.epoch());
            putAll(o, e.metrics());
        }
        if (steps.isEmpty()) {
            return arr.toString();
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("epochs", arr);
        ArrayNode st = root.putArray("steps");
        for (StepRecord r : steps) {
            ObjectNode o = st.addObject();
            o.put("step", r.step());
            o.put("epoch", r.epoch());
            putAll(o, r.metrics());
        }
        return root.toString();
    }

    private static void putAll(ObjectNode o, Map<String, Double> metrics) {
        metrics.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                o.put(k, v);
            } else {
                o.put(k, v.toString()); // JSON has no NaN: keep it readable and exact as text
            }
        });
    }

    /** The step records as CSV with the header {@code step,epoch,<metrics...>}. */
    public String stepsCsv() {
        Set<String> names = new LinkedHashSet<>();
        steps.forEach(r -> names.addAll(r.metrics().keySet()));
        StringBuilder sb = new StringBuilder("step,epoch");
        names.forEach(n -> sb.append(',').append(n));
        sb.append('\n');
        for (StepRecord r : steps) {
            appendRow(sb.append(r.step()).append(',').append(r.epoch()), names, r.metrics());
        }
        return sb.toString();
    }

    /** Parses what {@link #toJson} wrote (a checkpoint's copy of the history). */
    public static History fromJson(String source, String json) {
        History h = new History();
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode stepNodes = null;
            if (root != null && root.isObject()) {
                stepNodes = root.path("steps");
                root = root.get("epochs");
                if (!stepNodes.isArray()) {
                    throw new InvalidInputException(source, "history", "expected an array 'steps' beside 'epochs'");
                }
            }
            if (root == null || !root.isArray()) {
                throw new InvalidInputException(source, "history", "expected a JSON array of epochs");
            }
            if (stepNodes != null) {
                for (JsonNode n : stepNodes) {
                    if (!n.isObject() || !n.path("step").canConvertToLong() || !n.path("epoch").canConvertToInt()) {
                        throw new InvalidInputException(source, "history",
                                "each step must be an object with an integer 'step' and 'epoch'");
                    }
                    h.add(new StepRecord(n.get("step").longValue(), n.get("epoch").intValue(),
                            metrics(source, n, "step", "epoch")));
                }
            }
            for (JsonNode n : root) {
                if (!n.isObject() || !n.path("epoch").canConvertToInt()) {
                    throw new InvalidInputException(source, "history", "each epoch must be an object with an integer 'epoch'");
                }
                h.add(new EpochRecord(n.get("epoch").intValue(), metrics(source, n, "epoch", "epoch")));
            }
        } catch (IOException e) {
            throw new InvalidInputException(source, "history", "not valid JSON: " + e.getMessage(), e);
        }
        return h;
    }

    private static Map<String, Double> metrics(String source, JsonNode n, String key1, String key2) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals(key1) && !f.getKey().equals(key2)) {
                JsonNode v = f.getValue();
                m.put(f.getKey(), v.isNumber() ? v.doubleValue() : parseSpecial(source, f.getKey(), v.asText()));
            }
        }
        return m;
    }

    private static double parseSpecial(String source, String key, String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new InvalidInputException(source, "history '" + key + "'", "'" + text + "' is not a number");
        };
    }

    /**
     * The epochs as CSV, written as {@link OutputFile} writes (a file replaced whole, a device, fifo or {@code -}
     * straight through); step records, if any, go to {@code NAME.steps.csv} beside a regular file.
     */
    public void writeCsv(Path path) throws IOException {
        OutputFile.writeString(path, toCsv());
        if (!steps.isEmpty() && OutputFile.isFile(path)) {
            OutputFile.writeString(stepsPath(path), stepsCsv());
        }
    }

    /** Where {@link #writeCsv} puts the step records: {@code run.csv} -> {@code run.steps.csv}. */
    public static Path stepsPath(Path csv) {
        String name = csv.getFileName().toString();
        String stem = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
        return csv.resolveSibling(stem + ".steps.csv");
    }

    /** Writes {@link #toJson} or {@link #writeCsv} as the file's extension says ({@code .json}, else CSV). */
    public void write(Path path) throws IOException {
        if (path.getFileName().toString().endsWith(".json")) {
            writeJson(path);
        } else {
            writeCsv(path);
        }
    }

    public void writeJson(Path path) throws IOException {
        OutputFile.writeString(path, toJson());
    }
}
