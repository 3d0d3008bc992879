package io.descent.spark;

import java.time.Duration;

/**
 * Decides when a distributed run has waited too long for executors: Spark keeps a job whose executors are all
 * lost waiting, silently, for new ones that in a small cluster never come. Fed, about once a second, the
 * number of executors alive and whether a job runs; fires once when no executor has been alive for the whole
 * timeout while a job ran, and again only after an executor came back.
 *
 * <p>No Spark here: {@link ExecutorLossListener} feeds it from Spark's events and cancels the jobs.
 */
final class ExecutorWatchdog {
    /** How the failure line starts; {@link #lineIn} finds it inside Spark's exceptions. */
    static final String PREFIX = "no Spark executor alive for ";

    private final Duration timeout;
    private long noneSince = -1; // nanoTime since when no executor was alive while a job ran; -1: not so
    private boolean fired;

    ExecutorWatchdog(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the executor timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * The failure line when the run should fail now, otherwise null.
     *
     * @param alive executors alive now
     * @param everAlive whether any executor was ever alive in this run (to tell "all lost" from "none came")
     * @param jobRunning whether a Spark job runs
     * @param nowNanos {@link System#nanoTime()}
     */
    synchronized String check(int alive, boolean everAlive, boolean jobRunning, long nowNanos) {
        if (alive > 0) {
            noneSince = -1;
            fired = false;
            return null;
        }
        if (!jobRunning) {
            noneSince = -1; // between jobs nothing waits: a driver may well run without executors then
            return null;
        }
        if (noneSince < 0) {
            noneSince = nowNanos;
        }
        if (fired || nowNanos - noneSince < timeout.toNanos()) {
            return null;
        }
        fired = true;
        return line(everAlive);
    }

    /** The one line a run fails with. */
    String line(boolean everAlive) {
        return PREFIX + seconds() + " s (" + (everAlive ? "all lost" : "none registered")
                + "): the job was cancelled instead of waiting for executors that may never come; check the "
                + "cluster's workers (spark.descent.executorTimeout sets this wait)";
    }

    private String seconds() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    /** The watchdog's line inside a failure or its causes (Spark wraps it in its "Job N cancelled because ..."). */
    static String lineIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(PREFIX);
            if (at >= 0) {
                int end = m.indexOf('\n', at);
                return (end < 0 ? m.substring(at) : m.substring(at, end)).strip();
            }
        }
        return null;
    }
}
