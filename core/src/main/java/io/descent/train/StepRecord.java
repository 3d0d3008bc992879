package io.descent.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measurements of one step, for sources that report them (the Spark module: compute, aggregation and broadcast
 * time, bytes shipped): {@code step} is the run's step count after it, {@code epoch} the epoch it belongs to (1-based).
 */
public record StepRecord(long step, int epoch, Map<String, Double> metrics) {
    public StepRecord {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The named metric; an error that lists what the step has when it is missing. */
    public double get(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("step " + step + " has no metric '" + name + "'; it has " + metrics.keySet());
        }
        return v;
    }
}
