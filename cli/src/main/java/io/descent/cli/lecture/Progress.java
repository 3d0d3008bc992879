package io.descent.cli.lecture;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The progress line of the claims' runs on stderr: which run of how many is going and when all should be done.
 * The ETA is the mean time of the runs trained so far times the runs left to train (runs read from the cache cost
 * nothing and do not count); before the first trained run it is unknown.
 */
final class Progress {
    private final int total;
    private final Consumer<String> log;
    private final long start = System.nanoTime();
    private int started;
    private int trained;
    private double trainedSeconds;
    private int toTrain;

    /** {@code toTrain} of the {@code total} runs are not cached yet. */
    Progress(int total, int toTrain, Consumer<String> log) {
        this.total = total;
        this.toTrain = toTrain;
        this.log = log;
    }

    /** Announces the next run; {@code cached} when its results will be read from disk. */
    void next(String label, boolean cached) {
        started++;
        String eta = cached ? "cached" : "ETA " + eta(trainedSeconds, trained, toTrain);
        log.accept(String.format(Locale.ROOT, "descent report: claims, run %d of %d: %s (%s)", started, total, label,
                eta));
    }

    /** Records that the run announced last was trained and took {@code seconds}. */
    void trained(double seconds) {
        trained++;
        toTrain--;
        trainedSeconds += seconds;
    }

    /** Seconds since the first run. */
    double elapsed() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** "1 min 05 s" for the runs left, at the mean time per trained run so far; "unknown" before any. */
    static String eta(double seconds, int trained, int left) {
        if (trained == 0) {
            return "unknown";
        }
        long s = Math.round(seconds / trained * left);
        return s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
