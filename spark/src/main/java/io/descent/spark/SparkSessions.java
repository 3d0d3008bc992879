package io.descent.spark;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Spark for {@code descent train --spark MASTER}. Local masters run inside this process, bound to 127.0.0.1,
 * web UI off, nothing listening beyond the loopback interface; {@code local-cluster[N,C,M]} runs a Master and N
 * Workers as child JVMs on 127.0.0.1 ({@link LoopbackCluster}), whose executors get this JVM's classes and
 * flags; a {@code spark://} master on 127.0.0.1 gets the same; any other master takes the cluster's settings.
 *
 * <pre>{@code
 * try (SparkSession spark = SparkSessions.embedded("local[2,3]")) {   // 2 threads, a task tried up to 3 times
 *     History h = SparkTraining.fit(spark, model, loss, optimizer, data, config);
 * }
 * }</pre>
 *
 * In local mode Spark retries a failed task only when the master says so: {@code local[N,F]} tries each task
 * up to F times ({@code local[N]} means one try; {@code spark.task.maxFailures} is ignored there).
 *
 * <p>With any other master (and under spark-submit) Spark logs at WARN unless {@code spark.log.level} is set
 * ({@code descent}'s own progress lines are not log lines), and a run whose executors are all lost fails after
 * {@code spark.descent.executorTimeout} (60 s) with one line ({@link ExecutorLossListener}) instead of waiting
 * forever.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * A session for {@code master} ({@code local[2]}, {@code local[*]}, {@code local-cluster[2,1,1024]},
     * {@code spark://127.0.0.1:7077}); the session this process already runs, if any, as {@code getOrCreate()}.
     */
    public static SparkSession embedded(String master) {
        return SparkSession.getDefaultSession().getOrElse(() -> builder(master).getOrCreate());
    }

    /**
     * The session of the command line for {@code master}: {@link #embedded} for local masters and clusters on
     * 127.0.0.1; for another cluster, the cluster's own settings (its driver must be reachable from the
     * executors, so no loopback binding).
     */
    public static SparkSession forCommand(String master) {
        boolean onThisMachine = isLocal(master) || LoopbackCluster.isLocalCluster(master) || isLoopback(master);
        if (onThisMachine) {
            pinLoopbackHostname(); // before anything of Spark's asks for this JVM's address
        }
        warnUnlessConfigured();
        if (onThisMachine) {
            return embedded(master);
        }
        SparkSession.Builder b = SparkSession.builder().master(master).appName("descent")
                .config("spark.ui.showConsoleProgress", "false");
        return cluster(b, List.of()).getOrCreate();
    }

    /**
     * The builder of {@link #embedded}, to add settings before {@code getOrCreate()}. For
     * {@code local-cluster[...]} this starts the cluster's JVMs, which stop with the session.
     */
    public static SparkSession.Builder builder(String master) {
        String url = master;
        LoopbackCluster started = null;
        if (LoopbackCluster.isLocalCluster(master)) {
            started = LoopbackCluster.forMaster(master);
            url = started.masterUrl();
        }
        pinLoopbackHostname();
        SparkSession.Builder b = SparkSession.builder()
                .master(url)
                .appName("descent")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4");
        if (isLocal(master)) {
            // One executor, in this process: waiting for a "better" locality only delays retried tasks (3 s each).
            return b.config("spark.locality.wait", "0s");
        }
        if (started != null) {
            LoopbackClusterShutdown.register(started);
            int[] shape = LoopbackCluster.shape(master);
            b = b.config("spark.cores.max", Integer.toString(shape[0] * shape[1]))
                    // The first job waits until every worker's executor has registered (at most 30 s).
                    .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                    // The executors take the jars from the cluster's Spark home, the class directories from here.
                    .config("spark.executor.extraClassPath", String.join(File.pathSeparator,
                            LocalClusterHome.classDirectories()));
        } else if (isLoopback(master)) {
            // Workers someone started on this machine: the executors read this JVM's class path where it lies.
            b = b.config("spark.executor.extraClassPath", String.join(File.pathSeparator,
                    LocalClusterHome.classPath()));
        }
        b = b.config("spark.executor.extraJavaOptions", String.join(" ", JvmFlags.moduleFlags()))
                .config("spark.executorEnv.OPENBLAS_NUM_THREADS", "1"); // see Gemm: products split over Descent's threads
        return cluster(b, started == null ? List.of() : List.of(LoopbackClusterShutdown.class.getName()));
    }

    /** Settings of every non-local master: WARN logging, the executor watchdog, and {@code listeners}. */
    private static SparkSession.Builder cluster(SparkSession.Builder b, List<String> listeners) {
        SparkConf given = new SparkConf(); // spark.* system properties: spark-submit's --conf and spark-defaults.conf
        if (!given.contains("spark.log.level")) {
            b = b.config("spark.log.level", "WARN");
        }
        List<String> all = new ArrayList<>();
        for (String l : given.get("spark.extraListeners", "").split(",")) {
            if (!l.isBlank()) {
                all.add(l.strip());
            }
        }
        all.add(ExecutorLossListener.class.getName());
        all.addAll(listeners);
        return b.config("spark.extraListeners", String.join(",", all));
    }

    /**
     * The command's progress lines are its output, and Spark's INFO lines would bury them: under spark-submit on a
     * cluster without {@code conf/log4j2.properties} Spark logs at INFO (the jar's {@code log4j2.properties} is
     * not on the class path log4j starts from), from spark-submit's first line to the session's
     * {@code spark.log.level}. So WARN from here on, unless {@code spark.log.level} is given.
     */
    private static void warnUnlessConfigured() {
        SparkConf given = new SparkConf();
        if (!given.contains("spark.log.level")) {
            // Spark's logging starts first: spark-submit resets it before the application runs, and its next start
            // would load Spark's default profile, INFO, over the level set here.
            given.initializeLogIfNecessary(false);
            org.apache.spark.util.Utils.setLogLevelIfNeeded("WARN");
        }
    }

    /**
     * This JVM's Spark host name is 127.0.0.1 unless SPARK_LOCAL_IP or SPARK_LOCAL_HOSTNAME says otherwise. Spark
     * takes it from the host name's address and, when that is a loopback address, from the first other interface
     * (192.0.2.2 on a machine whose host name resolves to 127.0.0.1): the driver's own names (block manager,
     * the local executor) then point beyond the loopback interface that everything else binds to.
     */
    private static void pinLoopbackHostname() {
        if (System.getenv("SPARK_LOCAL_IP") == null && System.getenv("SPARK_LOCAL_HOSTNAME") == null) {
            org.apache.spark.util.Utils.setCustomHostname("127.0.0.1");
        }
    }

    private static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    /** Whether {@code master} is a standalone master on this machine's loopback interface. */
    static boolean isLoopback(String master) {
        if (!master.startsWith("spark://")) {
            return false;
        }
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
            if (!(host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]"))) {
                return false;
            }
        }
        return true;
    }
}
