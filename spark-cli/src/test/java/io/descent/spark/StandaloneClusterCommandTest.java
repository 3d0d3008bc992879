package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.cli.Descent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone Master and two Workers on 127.0.0.1 started by {@code spark-cli/spark-cluster.sh}, the README's
 * commands (with this module's test class path in place of the launcher's {@code target/lib}, which
 * {@code mvn package} makes only after the tests), and the command line trained on {@code spark://127.0.0.1:PORT}
 * as {@code descent train --spark} runs it. Then every executor is lost mid-run: the Workers and their executor
 * JVMs are killed, and the run must end within {@code spark.descent.executorTimeout} (plus the time to notice)
 * with one line and a non-zero status instead of waiting forever.
 */
@Order(Integer.MAX_VALUE - 1) // after the classes that share the local session, before the local-cluster one
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterCommandTest {
    private static final int TIMEOUT_S = 4; // once executors ran; the first ones get 60 s to start

    @TempDir
    static Path dir;
    static String master;

    @BeforeAll
    static void startCluster() throws Exception {
        TestSpark.stop(); // the command must start its own session on the standalone master
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        String out = script("start", "2", "1", "768");
        assertThat(out.strip()).as("the script prints the master URL").isEqualTo(master);
        // Executors of 512 MB fit Workers of 768 MB (Spark's default of 1 GB would not); read from system properties.
        System.setProperty("spark.executor.memory", "512m");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        System.clearProperty("spark.executor.memory");
        System.clearProperty(ExecutorLossListener.TIMEOUT_KEY);
        script("stop");
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".pid")).toList()).as("pid files left").isEmpty();
    }

    @Test
    @Order(1)
    void aBatchNormDropoutMlpTrainsOnTheStandaloneMaster() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Descent.run(new String[] {"train", "--data", "blobs(n=600, classes=3)", "--model",
            "mlp(16, batchnorm=true, dropout=0.2)", "--optimizer", "adam(lr=0.01)", "--epochs", "3", "--batch-size",
            "40", "--spark", master, "--partitions", "2", "--save", dir.resolve("model.safetensors").toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("descent train on Spark (" + master + ")")
                .containsPattern("test accuracy 0\\.[6-9]");
        assertThat(err.toString()).as("Spark logs at WARN on a cluster master").doesNotContain(" INFO ");
    }

    @Test
    @Order(2)
    void withEveryExecutorLostTheRunFailsWithinTheTimeoutWithOneLine() throws Exception {
        System.setProperty(ExecutorLossListener.TIMEOUT_KEY, TIMEOUT_S + "s");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Descent.run(new String[] {"train",
            "--data", "blobs(n=600, classes=3)", "--model", "mlp(8)", "--epochs", "1000", "--batch-size", "40",
            "--spark", master, "--partitions", "2"}, new PrintWriter(out, true), new PrintWriter(err, true)));
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!out.toString().contains("epoch 1/") && !run.isDone() && System.nanoTime() < waitUntil) {
            Thread.sleep(100);
        }
        assertThat(run.isDone()).as("the run ended before its executors were killed: " + err).isFalse();
        assertThat(out.toString()).as("steps ran on the cluster").contains("epoch 1/");

        List<ProcessHandle> killed = killWorkersAndExecutors();
        assertThat(killed).as("two Workers and their executors").hasSizeGreaterThanOrEqualTo(4);
        long killedAt = System.nanoTime();
        int status = run.get(TIMEOUT_S + 40, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - killedAt) / 1e9;

        assertThat(status).as(err.toString()).isNotZero();
        assertThat(seconds).as("seconds from the kill to the end").isLessThan(TIMEOUT_S + 30);
        List<String> lines = err.toString().lines().filter(l -> !l.isBlank()).toList();
        List<String> ours = lines.stream().filter(l -> l.startsWith("descent: ")).toList();
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0)).startsWith("descent: no Spark executor alive for " + TIMEOUT_S + " s (all lost): ")
                .doesNotContain("SparkException").doesNotContain("Job ").doesNotContain("SQLSTATE");
        assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
    }

    private static List<ProcessHandle> killWorkersAndExecutors() throws IOException {
        List<ProcessHandle> all = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path pid : files.filter(p -> p.getFileName().toString().matches("worker-\\d+\\.pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(w -> {
                    w.descendants().forEach(all::add); // the executors first: they outlive a killed Worker
                    all.add(w);
                });
            }
        }
        all.forEach(ProcessHandle::destroyForcibly);
        return all;
    }

    private static String script(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("spark-cluster.sh").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DESCENT_CLUSTER_DIR", dir.toString());
        pb.environment().put("SPARK_MASTER_PORT", master == null ? "" : master.substring(master.lastIndexOf(':') + 1));
        pb.environment().put("DESCENT_SPARK_CP", String.join(java.io.File.pathSeparator, LocalClusterHome.classPath()));
        Process p = pb.start();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("spark-cluster.sh " + String.join(" ", args) + " did not finish in 150 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("spark-cluster.sh " + String.join(" ", args) + ": " + out).isZero();
        return out;
    }
}
