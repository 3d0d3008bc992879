package io.descent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from {@code /proc/self/status} (Linux), in MiB; NaN elsewhere. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** VmHWM: the peak resident set size so far. */
    static double peakRssMb() {
        return field("VmHWM:");
    }

    /** VmRSS: the resident set size now. */
    static double rssMb() {
        return field("VmRSS:");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
