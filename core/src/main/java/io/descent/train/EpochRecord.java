package io.descent.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measurements of one epoch (1-based), by name: {@code train_loss}, {@code train_accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code lr}, {@code seconds}, and whatever else a callback adds.
 */
public record EpochRecord(int epoch, Map<String, Double> metrics) {
    public EpochRecord {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The named metric; an error that lists what the epoch has when it is missing. */
    public double get(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("epoch " + epoch + " has no metric '" + name + "'; it has "
                    + metrics.keySet());
        }
        return v;
    }

    public boolean has(String name) {
        return metrics.containsKey(name);
    }
}
