package io.descent.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;

/**
 * Stops the {@link LoopbackCluster} of a {@code local-cluster[...]} session when the session stops (registered
 * through {@code spark.extraListeners}; the cluster is found by the session's master URL).
 */
public final class LoopbackClusterShutdown extends SparkListener {
    private static final Map<String, LoopbackCluster> CLUSTERS = new ConcurrentHashMap<>();
    private static final long GRACE_MS = 2000;
    private final String master;

    /** Spark's constructor for {@code spark.extraListeners}. */
    public LoopbackClusterShutdown(SparkConf conf) {
        this.master = conf.get("spark.master", "");
    }

    /** Makes {@code cluster} stop with the session whose master is its URL. */
    static void register(LoopbackCluster cluster) {
        CLUSTERS.put(cluster.masterUrl(), cluster);
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd end) {
        LoopbackCluster c = CLUSTERS.remove(master);
        if (c == null) {
            return;
        }
        // Spark is still stopping its executors: give them a moment to exit on their own before the kill.
        Thread stop = new Thread(() -> {
            try {
                Thread.sleep(GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.close();
        }, "descent-loopback-cluster-close");
        stop.setDaemon(true);
        stop.start();
    }
}
