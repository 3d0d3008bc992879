package io.descent.bench.data;

import io.descent.bench.PeerScript;
import io.descent.bench.ProcStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the processes of {@link DataBench}: {@code descent} through its launcher script, and the scikit-learn peer
 * set up as PyTorch's and scikit-learn's tuning advice has it on shared cores: tcmalloc preloaded when Debian's
 * {@code libgoogle-perftools4} is installed, {@code OMP_WAIT_POLICY=PASSIVE}, {@code OMP_NUM_THREADS} set to the
 * thread count. Peak resident memory is the largest VmHWM seen while polling the process every 50 ms.
 */
public final class DataPeers {
    public static final String TCMALLOC = "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4";
    private static final String SCRIPT = "sklearn_data.py";
    private final String python;
    private final int threads;
    private Path script;

    public DataPeers(String python, int threads) {
        this.python = python;
        this.threads = threads;
    }

    String python() {
        return python;
    }

    boolean hasSklearn() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(python, "-c", "import sklearn").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code descent args...} with {@code DESCENT_JAVA_OPTS=jvmOpts} and this benchmark's threads. */
    Measured descent(Path launcher, String jvmOpts, String... args) throws IOException, InterruptedException {
        Ran ran = descentTimed(launcher, jvmOpts + " -Ddescent.threads=" + threads, args);
        return Measured.parse(ran.output, ran.peakRssMb);
    }

    /** The scikit-learn peer on {@code file}; its RESULT fields. */
    Map<String, String> sklearn(Path file, int features) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, script().toString(), file.toString(), Integer.toString(features))
                .redirectErrorStream(true);
        environment(pb);
        if (Files.exists(Path.of(TCMALLOC))) {
            pb.environment().put("LD_PRELOAD", TCMALLOC);
        }
        Ran ran = run(pb);
        for (String line : ran.output.split("\n")) {
            if (line.startsWith("RESULT ") && ran.status == 0) {
                return fields(line);
            }
        }
        throw new IOException("the scikit-learn peer failed (exit status " + ran.status + "):\n" + ran.output);
    }

    private void environment(ProcessBuilder pb) {
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
    }

    /** A finished process: its status, its output, each line's seconds from the start, its peak RSS. */
    record Ran(int status, String output, List<Double> secondsAt, double peakRssMb) {
        List<String> lines() {
            return List.of(output.split("\n", -1)).subList(0, secondsAt.size());
        }
    }

    /** {@code descent args...} with {@code DESCENT_JAVA_OPTS=jvmOpts}, each line timed from the start. */
    Ran descentTimed(Path launcher, String jvmOpts, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DESCENT_JAVA_OPTS", jvmOpts);
        environment(pb);
        Ran ran = run(pb);
        if (ran.status != 0) {
            throw new IOException("descent " + String.join(" ", args) + " failed (exit status " + ran.status + "):\n"
                    + ran.output);
        }
        return ran;
    }

    /**
     * The MLlib peer ({@code bench-mllib}) on {@code file} with {@code master}, on the class path the module's
     * build wrote; its RESULT fields and peak RSS ({@code peak_rss_mb}).
     */
    Map<String, String> mllib(Path jar, Path classPath, Path file, int features, String master, int maxIter,
            double target) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g"));
        cmd.addAll(List.of(SPARK_FLAGS.split(" ")));
        cmd.addAll(List.of("-cp", jar + ":" + Files.readString(classPath).trim(),
                "io.descent.bench.mllib.MllibLogisticRegression", file.toString(), Integer.toString(features), master,
                Integer.toString(maxIter), Double.toString(target)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb);
        Ran ran = run(pb);
        for (String line : ran.output.split("\n")) {
            if (line.startsWith("RESULT ") && ran.status == 0) {
                Map<String, String> fields = fields(line);
                fields.put("peak_rss_mb", Double.toString(ran.peakRssMb));
                return fields;
            }
        }
        throw new IOException("the MLlib peer failed (exit status " + ran.status + "):\n" + ran.output);
    }

    /** What Spark's own launcher passes on Java 17 (as the descent launcher does for --spark). */
    static final String SPARK_FLAGS = "-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED "
            + "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
            + "--add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED "
            + "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED "
            + "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
            + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED "
            + "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
            + "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED "
            + "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false "
            + "-Dio.netty.tryReflectionSetAccessible=true";

    private static Map<String, String> fields(String resultLine) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String kv : resultLine.substring(7).trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            fields.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return fields;
    }

    /**
     * Runs to the end, reading the output line by line on another thread (each line's time noted) and polling the
     * peak RSS of the process tree.
     */
    private static Ran run(ProcessBuilder pb) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = pb.start();
        List<Double> at = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            StringBuilder sb = new StringBuilder();
            try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    at.add((System.nanoTime() - t0) / 1e9);
                    sb.append(line).append('\n');
                }
            } catch (IOException e) {
                sb.append("(output lost: ").append(e.getMessage()).append(")\n");
            }
            return sb.toString();
        });
        double peak = 0;
        while (p.isAlive()) {
            peak = Math.max(peak, peakRssMb(p.toHandle()));
            Thread.sleep(50);
        }
        int status = p.waitFor();
        String output = out.join();
        return new Ran(status, output, List.copyOf(at), peak);
    }

    /** The largest VmHWM of a process and its descendants (a launcher script execs java: the same pid). */
    static double peakRssMb(ProcessHandle h) {
        double peak = 0;
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(h), h.descendants()).toList()) {
            double mb = ProcStatus.peakRssMb(p.pid());
            if (!Double.isNaN(mb)) { // NaN: the process ended between the listing and the read
                peak = Math.max(peak, mb);
            }
        }
        return peak;
    }

    private Path script() throws IOException {
        if (script == null) {
            script = PeerScript.extract(SCRIPT);
        }
        return script;
    }
}
