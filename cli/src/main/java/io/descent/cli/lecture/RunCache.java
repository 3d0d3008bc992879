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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.stream.Stream;

/**
 * The results of the claims' training runs, one small JSON file per run under {@code <out>/runs/}, so that an
 * interrupted report resumes where it stopped: a run whose file is there is read instead of trained. Each file is
 * written whole or not at all ({@link OutputFile}: temp file and rename) and holds its full key; a file whose key
 * differs (the budget or the run changed) or that does not parse is trained again and replaced.
 *
 * <pre>{"key": "logreg fashion 2000x5 adam(lr=0.003) seed 1", "seconds": 1.9, "work": 3.1e10,
 *  "series": {"trainLoss": [2.3, 0.61], ...}}</pre>
 *
 * {@code seconds} (how long the run trained) and {@code work} (its size in the caller's units, see
 * {@link RunEstimate}) are kept beside the results, not among them, so the results of a run do not depend on the
 * machine; a later report, of any budget, estimates its time from them ({@link #timings}).
 */
final class RunCache {
    /** What a run measured: named series of numbers (per epoch, per step, or a single value). */
    interface Training {
        Map<String, double[]> run() throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int sharing;
    private int trained;
    private int read;

    RunCache(Path dir) {
        this(dir, 1);
    }

    /** {@code sharing}: how many runs train at once, so that a run's noted seconds are its share of the machine. */
    RunCache(Path dir, int sharing) {
        this.dir = dir;
        this.sharing = sharing;
    }

    /** The cached results of run {@code key}, or those of {@code training}, run now and cached. */
    Map<String, double[]> get(String key, Training training) throws IOException {
        return get(key, Double.NaN, training);
    }

    /** As {@link #get(String, Training)}, noting the run's {@code work} and its seconds in its file. */
    Map<String, double[]> get(String key, double work, Training training) throws IOException {
        Path file = dir.resolve(fileName(key));
        Map<String, double[]> cached = Files.isRegularFile(file) ? read(file, key) : null;
        if (cached != null) {
            count(true);
            return cached;
        }
        long t0 = System.nanoTime();
        Map<String, double[]> results = training.run();
        double seconds = (System.nanoTime() - t0) / 1e9 / sharing;
        count(false);
        Files.createDirectories(dir);
        ObjectNode root = json(key, results);
        if (Double.isFinite(work)) {
            root.put("seconds", seconds);
            root.put("work", work);
        }
        OutputFile.writeString(file, JSON.writeValueAsString(root));
        return results;
    }

    /** Whether run {@code key} has its results on disk (the progress line counts only the runs left to train). */
    boolean has(String key) {
        Path file = dir.resolve(fileName(key));
        return Files.isRegularFile(file) && read(file, key) != null;
    }

    /** Runs of several threads are counted here, one at a time. */
    private synchronized void count(boolean fromDisk) {
        if (fromDisk) {
            read++;
        } else {
            trained++;
        }
    }

    /** Runs trained by this cache (not read from disk). */
    synchronized int trained() {
        return trained;
    }

    /** Runs read from disk. */
    synchronized int read() {
        return read;
    }

    /**
     * The {seconds, work} of every run in the directory that noted them, whatever its budget: what the time of runs
     * still to train is estimated from. Files that do not parse are left out.
     */
    List<double[]> timings() {
        List<double[]> timings = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return timings;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                try {
                    JsonNode root = JSON.readTree(Files.readString(p, StandardCharsets.UTF_8));
                    if (root != null && root.path("seconds").isNumber() && root.path("work").isNumber()) {
                        timings.add(new double[] {root.get("seconds").asDouble(), root.get("work").asDouble()});
                    }
                } catch (IOException | RuntimeException e) {
                    // not a timing: a broken file is trained again when its run comes up
                }
            }
        } catch (IOException e) {
            return timings;
        }
        return timings;
    }

    /**
     * Longest file name kept as the key spells it: the longest that reports before the cut could write (their
     * temporary name added 22 characters to it within the file system's 255), so their cached runs are still read.
     */
    static final int LONGEST_NAME = 233;
    /** Characters of the key a long name keeps before its digest. */
    private static final int LONG_NAME_PREFIX = 160;

    /**
     * A file name from the key: lower-case letters, digits, dots and dashes, then the key's hash. A key too long for a
     * file name keeps its first {@value #LONG_NAME_PREFIX} characters and 64 bits of its SHA-256, so that keys
     * differing only in their tail (the Wilson protocol's decay rule) still get files of their own.
     */
    static String fileName(String key) {
        String name = key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-|-$", "");
        String whole = name + "-" + Integer.toHexString(key.hashCode()) + ".json";
        if (whole.length() <= LONGEST_NAME) {
            return whole;
        }
        String prefix = name.substring(0, LONG_NAME_PREFIX).replaceAll("-$", "");
        return prefix + "-" + digest(key) + ".json";
    }

    /** The first 64 bits of the key's SHA-256, in hex. */
    private static String digest(String key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
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
