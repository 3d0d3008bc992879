package io.descent.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a report was made, for its footer: the command line, when it ran, and facts about the machine (Java
 * version, cores, BLAS in use...), all given by the caller, so the report module reads no clock or system
 * property itself.
 *
 * <pre>{@code
 * new Provenance("descent report --out report", "2025-11-28T16:40Z",
 *         Map.of("Java", "17.0.15", "cores", "2", "BLAS", "OpenBLAS (native)"));
 * }</pre>
 *
 * @param command the command line that made the report
 * @param date    when it ran, as it should be shown
 * @param machine facts about the machine, shown in the map's iteration order
 */
public record Provenance(String command, String date, Map<String, String> machine) {

    public Provenance {
        LineChart.requireText(command, "command line");
        LineChart.requireText(date, "date");
        machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        for (Map.Entry<String, String> e : machine.entrySet()) {
            LineChart.requireText(e.getKey(), "machine fact name");
            if (e.getValue() == null) {
                throw new IllegalArgumentException("machine fact '" + e.getKey() + "' has no value");
            }
        }
    }
}
