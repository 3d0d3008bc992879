package io.descent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's {@code /proc} says of a process's memory and of the machine's load; NaN elsewhere. */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** VmHWM of this process: the peak resident set size so far, in MiB. */
    static double peakRssMb() {
        return field(Path.of("/proc/self/status"), "VmHWM:");
    }

    /** VmRSS of this process: the resident set size now, in MiB. */
    static double rssMb() {
        return field(Path.of("/proc/self/status"), "VmRSS:");
    }

    /** VmHWM of process {@code pid}, in MiB; NaN once it has ended. */
    public static double peakRssMb(long pid) {
        return field(Path.of("/proc/" + pid + "/status"), "VmHWM:");
    }

    /** The one-minute load average, to judge how busy the shared machine was. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double field(Path status, String name) {
        try {
            for (String line : Files.readAllLines(status)) {
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
