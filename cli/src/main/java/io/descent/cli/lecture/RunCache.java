package io.descent.cli.lecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.descent.io.OutputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map.Entry;

/**
 * The results of the claims' training runs, one small JSON file per run under {@code <out>/runs/}, so that an
 * interrupted report resumes where it stopped: a run whose file is there is read instead of trained. Each file is
 * written whole or not at all ({@link OutputFile}: temp file and rename) and holds its full key; a file whose key
 * differs (the budget or the run changed) or that does not parse is trained again and replaced.
 *
 * <pre>{"key": "logreg fashion 2000x5 adam(lr=0.003) seed 1", "series": {"trainLoss": [2.3, 0.61], ...}}</pre>
 */
final class RunCache {
    /** What a run measured: named series of numbers (per epoch, per step, or a single value). */
    interface Training {
        Map<String, double[]> run() throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private int trained;
    private int read;

    RunCache(Path dir) {
        this.dir = dir;
    }

    /** The cached results of run {@code key}, or those of {@code training}, run now and cached. */
    Map<String, double[]> get(String key, Training training) throws IOException {
        Path file = dir.resolve(fileName(key));
        Map<String, double[]> cached = Files.isRegularFile(file) ? read(file, key) : null;
        if (cached != null) {
            read++;
            return cached;
        }
        Map<String, double[]> results = training.run();
        trained++;
        Files.createDirectories(dir);
        OutputFile.writeString(file, JSON.writeValueAsString(json(key, results)));
        return results;
    }

    /** Whether run {@code key} has its results on disk (the progress line counts only the runs left to train). */
    boolean has(String key) {
        Path file = dir.resolve(fileName(key));
        return Files.isRegularFile(file) && read(file, key) != null;
    }

    /** Runs trained by this cache (not read from disk). */
    int trained() {
        return trained;
    }

    /** Runs read from disk. */
    int read() {
        return read;
    }

    /** A file name from the key: lower-case letters, digits, dots and dashes. */
    static String fileName(String key) {
        String name = key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
        return name + "-" + Integer.toHexString(key.hashCode()) + ".json";
    }

    private static ObjectNode json(String key, Map<String, double[]> results) {
        ObjectNode root = JSON.createObjectNode();
        root.put("key", key);
        ObjectNode series = root.putObject("series");
        for (Entry<String, double[]> e : results.entrySet()) {
            ArrayNode a = series.putArray(e.getKey());
            for (double v : e.getValue()) {
                a.add(v);
            }
        }
        return root;
    }

    /** The results in {@code file}, or null when it is not a cache file of this key. */
    private static Map<String, double[]> read(Path file, String key) {
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (root == null || !key.equals(root.path("key").asText(null)) || !root.path("series").isObject()) {
                return null;
            }
            Map<String, double[]> results = new LinkedHashMap<>();
            for (Iterator<Entry<String, JsonNode>> it = root.get("series").fields(); it.hasNext(); ) {
                Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isArray()) {
                    return null;
                }
                double[] v = new double[e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    JsonNode x = e.getValue().get(i);
                    // NaN and infinities (a diverged run) are written as strings by Jackson's default
                    v[i] = x.isNumber() ? x.asDouble() : Double.parseDouble(x.asText());
                }
                results.put(e.getKey(), v);
            }
            return results;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
