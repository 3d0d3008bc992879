package io.descent.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.descent.io.OutputFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a distributed run did, step by step (or round by round for local SGD) and epoch by epoch; written as
 * CSV or JSON. A resumed run's history holds the steps of that run only.
 */
public final class History {
    private final List<StepRecord> steps = new ArrayList<>();
    private final List<EpochRecord> epochs = new ArrayList<>();

    void add(StepRecord r) {
        steps.add(r);
    }

    void add(EpochRecord r) {
        epochs.add(r);
    }

    public List<StepRecord> steps() {
        return Collections.unmodifiableList(steps);
    }

    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The loss of the last record, NaN before any. */
    public double lastLoss() {
        return steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1).loss();
    }

    /** Bytes broadcast plus bytes aggregated over all records. */
    public long bytesShipped() {
        long b = 0;
        for (StepRecord r : steps) {
            b += r.bytesBroadcast() + r.bytesAggregated();
        }
        return b;
    }

    /** The per-step records as CSV, header first. */
    public void writeCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(StepRecord.CSV_HEADER).append('\n');
        for (StepRecord r : steps) {
            sb.append(r.csv()).append('\n');
        }
        write(file, sb.toString());
    }

    /** The per-epoch records as CSV, header first. */
    public void writeEpochsCsv(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(EpochRecord.CSV_HEADER).append('\n');
        for (EpochRecord r : epochs) {
            sb.append(r.csv()).append('\n');
        }
        write(file, sb.toString());
    }

    /** Both lists as one JSON object {@code {"steps": [...], "epochs": [...]}}. */
    public void writeJson(Path file) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("steps", steps);
        all.put("epochs", epochs);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all);
        write(file, json + "\n");
    }

    /** Creates the directory if needed, then writes as {@link OutputFile} does: a whole file, or straight through. */
    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        OutputFile.writeString(file, text);
    }
}
