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
    private final Duration startTimeout;
    private long noneSince = -1; // nanoTime since when no executor was alive while a job ran; -1: not so
    private boolean fired;

    ExecutorWatchdog(Duration timeout) {
        this(timeout, timeout);
    }

    /**
     * @param timeout the wait once an executor was alive
     * @param startTimeout the wait before the first executor registers: starting executor JVMs on a loaded
     *     machine takes longer than a cluster may stay without them mid-run
     */
    ExecutorWatchdog(Duration timeout, Duration startTimeout) {
        if (timeout.isNegative() || timeout.isZero() || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("the executor timeouts must be positive: " + timeout + ", "
                    + startTimeout);
        }
        this.timeout = timeout;
        this.startTimeout = startTimeout;
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
        if (fired || nowNanos - noneSince < (everAlive ? timeout : startTimeout).toNanos()) {
            return null;
        }
        fired = true;
        return line(everAlive);
    }

    /** The one line a run fails with. */
    String line(boolean everAlive) {
        return PREFIX + seconds(everAlive ? timeout : startTimeout) + " s (" + (everAlive ? "all lost" : "none registered")
                + "): the job was cancelled instead of waiting for executors that may never come; check the "
                + "cluster's workers (" + (everAlive ? ExecutorLossListener.TIMEOUT_KEY
                        : ExecutorLossListener.START_TIMEOUT_KEY) + " sets this wait)";
    }

    private static String seconds(Duration wait) {
        long ms = wait.toMillis();
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    /** The watchdog's line inside a failure or its causes (Spark wraps it in its "Job N cancelled because ..."). */
    static String lineIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String m = t.getMessage();
            int at = m == null ? -1 : m.indexOf(PREFIX);
            if (at >= 0) {
                int end = m.indexOf('\n', at);
                String line = end < 0 ? m.substring(at) : m.substring(at, end);
                int state = line.indexOf(" SQLSTATE:"); // Spark 4 ends its cancellation message with its error class's state
                return (state < 0 ? line : line.substring(0, state)).strip();
            }
        }
        return null;
    }
}
