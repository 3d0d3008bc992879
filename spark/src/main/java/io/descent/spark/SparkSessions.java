package io.descent.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Spark inside this process, for {@code descent train --spark 'local[2]'}: bound to 127.0.0.1, web UI off,
 * nothing listening beyond the loopback interface.
 *
 * <pre>{@code
 * try (SparkSession spark = SparkSessions.embedded("local[2,3]")) {   // 2 threads, a task tried up to 3 times
 *     History h = SparkTraining.fit(spark, model, loss, optimizer, data, config);
 * }
 * }</pre>
 *
 * In local mode Spark retries a failed task only when the master says so: {@code local[N,F]} tries each task
 * up to F times ({@code local[N]} means one try; {@code spark.task.maxFailures} is ignored there).
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /** A session for {@code master} ({@code local[2]}, {@code local[*]}, {@code local-cluster[2,1,1024]}, a cluster URL). */
    public static SparkSession embedded(String master) {
        return builder(master).getOrCreate();
    }

    /** The builder of {@link #embedded}, to add settings before {@code getOrCreate()}. */
    public static SparkSession.Builder builder(String master) {
        SparkSession.Builder b = SparkSession.builder()
                .master(master)
                .appName("descent")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4");
        if (master.startsWith("local[") || master.equals("local")) {
            // One executor, in this process: waiting for a "better" locality only delays retried tasks (3 s each).
            b = b.config("spark.locality.wait", "0s");
        }
        return b;
    }
}
