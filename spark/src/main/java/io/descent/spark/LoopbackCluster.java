package io.descent.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 made of child JVMs of this one: a Master and N Workers started from
 * this JVM's class path, each Worker launching its executor JVMs from {@link LocalClusterHome}. This is how
 * {@code local-cluster[N,C,M]} runs: Spark's own local-cluster mode keeps its Workers inside the driver's JVM,
 * where they take the Spark home from the driver's {@code SPARK_HOME} (or its working directory), which a
 * running JVM cannot set; child JVMs get it in their environment.
 *
 * <p>{@link #close()} kills the Workers' executors, the Workers and the Master; a shutdown hook does it if the
 * JVM exits first.
 */
final class LoopbackCluster implements AutoCloseable {
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");
    private static final long START_TIMEOUT_MS = 60_000;

    private final Path home;
    private final int port;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final Thread hook = new Thread(this::kill, "descent-loopback-cluster-stop");

    private LoopbackCluster(Path home, int port, Process master) {
        this.home = home;
        this.port = port;
        this.master = master;
    }

    /** Whether {@code master} is {@code local-cluster[N,C,M]}. */
    static boolean isLocalCluster(String master) {
        return LOCAL_CLUSTER.matcher(master.strip()).matches();
    }

    /** The cluster of {@code local-cluster[N,C,M]}: N workers of C cores and M MB each. */
    static LoopbackCluster forMaster(String master) {
        int[] s = shape(master);
        return start(s[0], s[1], s[2]);
    }

    /** N, C and M of {@code local-cluster[N,C,M]}. */
    static int[] shape(String master) {
        Matcher m = LOCAL_CLUSTER.matcher(master.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a local-cluster[workers,cores,memoryMb] master: " + master);
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }

    /** Starts a Master and {@code workers} Workers of {@code cores} cores and {@code memoryMb} MB each. */
    static LoopbackCluster start(int workers, int cores, int memoryMb) {
        if (workers < 1 || cores < 1 || memoryMb < 1) {
            throw new IllegalArgumentException("a cluster needs at least one worker, one core and 1 MB: "
                    + workers + " workers, " + cores + " cores, " + memoryMb + " MB");
        }
        Path home = LocalClusterHome.prepare();
        int port = freePort();
        LoopbackCluster c;
        try {
            Path logs = Files.createDirectories(home.resolve("logs"));
            c = new LoopbackCluster(home, port, launch(home, logs.resolve("master-" + port + ".log"),
                    "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--webui-port", "0"));
            Runtime.getRuntime().addShutdownHook(c.hook);
            c.awaitMaster(logs.resolve("master-" + port + ".log"));
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(home.resolve("work"));
                c.workers.add(launch(home, logs.resolve("worker-" + port + "-" + i + ".log"),
                        "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
                        "--webui-port", "0", "--cores", Integer.toString(cores), "--memory", memoryMb + "m",
                        "--work-dir", work.toString(), c.masterUrl()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a Spark cluster on 127.0.0.1: " + e.getMessage(), e);
        }
        return c;
    }

    /** {@code spark://127.0.0.1:PORT}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The Worker JVMs (their executors are their child processes). */
    List<Process> workers() {
        return List.copyOf(workers);
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs or ran
        }
    }

    private void kill() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process w : workers) {
            w.descendants().forEach(all::add); // executors first: a Worker killed at once leaves them running
            all.add(w.toHandle());
        }
        all.add(master.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone or going: nothing more to do from here
            }
        }
    }

    private void awaitMaster(Path log) throws IOException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!master.isAlive()) {
                kill();
                throw new IOException("the Spark Master exited with status " + master.exitValue() + "; its log "
                        + log + " ends: " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep(200);
            }
        }
        kill();
        throw new IOException("the Spark Master did not listen on 127.0.0.1:" + port + " within "
                + START_TIMEOUT_MS / 1000 + " s; its log " + log + " ends: " + tail(log));
    }

    private static Process launch(Path home, Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(JvmFlags.moduleFlags());
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, LocalClusterHome.classPath()));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.putIfAbsent("OPENBLAS_NUM_THREADS", "1"); // executors inherit it: see Gemm
        env.remove("SPARK_CONF_DIR");
        return pb.start();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1 for a Spark Master", e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Spark Master starts", e);
        }
    }
}
