package io.descent.spark;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * The driver's side of {@link ExecutorWatchdog}: counts executors and running jobs from Spark's events and,
 * when the watchdog fires, cancels the running jobs with its line as the reason, so that the action the
 * training waits in throws (and {@link SparkFailures#unwrap} turns that into the line alone).
 *
 * <p>Registered through {@code spark.extraListeners} (so that it sees the first executors register) by
 * {@link SparkSessions} for cluster masters; the wait is {@code spark.descent.executorTimeout} (a Spark time,
 * default {@value #DEFAULT_TIMEOUT}), and before the first executor registers {@code
 * spark.descent.executorStartTimeout} (default the larger of 60 s and the first).
 */
public final class ExecutorLossListener extends SparkListener {
    /** The setting of the wait. */
    public static final String TIMEOUT_KEY = "spark.descent.executorTimeout";
    static final String DEFAULT_TIMEOUT = "60s";
    /** The setting of the wait for the first executor (default: the larger of 60 s and the wait above). */
    public static final String START_TIMEOUT_KEY = "spark.descent.executorStartTimeout";

    private final ExecutorWatchdog watchdog;
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    private final Set<Integer> jobs = ConcurrentHashMap.newKeySet();
    private volatile boolean everAlive;
    private final Thread ticker;

    /** Spark's constructor for {@code spark.extraListeners}. */
    public ExecutorLossListener(SparkConf conf) {
        long timeout = conf.getTimeAsMs(TIMEOUT_KEY, DEFAULT_TIMEOUT);
        long start = conf.getTimeAsMs(START_TIMEOUT_KEY, Math.max(timeout, 60_000) + "ms");
        this.watchdog = new ExecutorWatchdog(Duration.ofMillis(timeout), Duration.ofMillis(start));
        this.ticker = new Thread(this::watch, "descent-executor-watchdog");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded added) {
        alive.add(added.executorId());
        everAlive = true;
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        alive.remove(removed.executorId());
    }

    @Override
    public void onJobStart(SparkListenerJobStart start) {
        jobs.add(start.jobId());
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
        jobs.remove(end.jobId());
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd end) {
        jobs.clear();
        ticker.interrupt();
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(250);
                String line = watchdog.check(alive.size(), everAlive, !jobs.isEmpty(), System.nanoTime());
                if (line != null) {
                    SparkContext sc = SparkContext.getOrCreate(); // running jobs: the context is the active one
                    for (int job : Set.copyOf(jobs)) {
                        sc.cancelJob(job, line);
                    }
                }
            }
        } catch (InterruptedException e) {
            // the application ended
        }
    }
}
