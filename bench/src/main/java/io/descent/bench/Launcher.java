package io.descent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the runs of {@link BenchRunner}, each a child process: a JVM for Descent and for the matmul limit, the
 * peers' own commands ({@link Peer}) for them.
 */
final class Launcher {
    private static final String PEER = "torch_workload.py";
    private static final String OUTPUT = "_output";
    private final BenchRunner.Options options;
    private Path peerScript;

    Launcher(BenchRunner.Options options) {
        this.options = options;
    }

    /** Whether the peer's interpreter can import torch. */
    boolean hasTorch() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(options.python, "-c", "import torch").redirectErrorStream(true).start();
            BenchRunner.readAll(p.getInputStream());
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** One Descent run in a fresh JVM on this JVM's class path; returns its RESULT fields. */
    Map<String, String> descent(Workload w, int warmup, int steps) throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(DescentWorkload.class.getName(), w.id, "--warmup", "" + warmup, "--steps", "" + steps));
        return result(cmd, "Descent " + w.id, true);
    }

    /** One run of a peer; returns its RESULT fields. */
    Map<String, String> peer(Peer peer, Workload w, int warmup, int steps) throws IOException, InterruptedException {
        return result(peer.command(w, warmup, steps, options.threads), peer.name() + " " + w.id, false,
                peer.environment());
    }

    /**
     * The matmul limit ({@link MatmulLimit}) in a fresh JVM set up as the Descent runs are: its per-product lines
     * are printed, its RESULT fields returned.
     */
    Map<String, String> matmulLimit() throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.add(MatmulLimit.class.getName());
        Map<String, String> fields = result(cmd, "the matmul limit", true, Map.of());
        fields.remove(OUTPUT).lines().filter(l -> l.startsWith("sgemm ")).forEach(l -> System.out.println("bench: " + l));
        return fields;
    }

    /** The memory soak: the MLP with Adam for {@code epochs} epochs, its per-epoch lines passed through. */
    int soak(int epochs) throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(DescentWorkload.class.getName(), Workload.MLP.id, "--epochs", "" + epochs));
        System.out.println("bench: soak, " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        environment(pb, true);
        return pb.start().waitFor();
    }

    /**
     * One start of {@code descent train} on Fashion-MNIST through the {@code descent} launcher script, as a user
     * types it: seconds from starting the process to the line the command prints at the end of its first
     * training step ({@code DESCENT_TIMING=1}); the process is stopped right after.
     */
    double startup(Path launcherScript) throws IOException, InterruptedException {
        Path model = Files.createTempFile("descent-startup", ".safetensors");
        ProcessBuilder pb = new ProcessBuilder(launcherScript.toString(), "train", "--data", "fashion-mnist", "--model",
                "linear", "--epochs", "1", "--save", model.toString()).redirectErrorStream(true);
        environment(pb, true);
        pb.environment().put("DESCENT_TIMING", "1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        StringBuilder seen = new StringBuilder();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("descent: timing: first step done")) {
                    return (System.nanoTime() - t0) / 1e9;
                }
                seen.append(line).append('\n');
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            Files.deleteIfExists(model);
        }
        throw new IOException("descent train ended without a first step:\n" + seen);
    }

    private List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.asList(options.jvmOpts.trim().split("\\s+")));
        cmd.add("-Ddescent.threads=" + options.threads);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    /**
     * Both sides get {@code threads} cores. PyTorch spreads each product over OpenBLAS's own threads, so OpenBLAS
     * gets {@code threads}; Descent spreads large products over its own threads ({@code descent.threads}), each
     * block an OpenBLAS call on one thread, so OpenBLAS gets 1, as the {@code descent} launcher sets it.
     */
    private void environment(ProcessBuilder pb, boolean descent) {
        String n = Integer.toString(options.threads);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", n);
        pb.environment().put("OPENBLAS_NUM_THREADS", descent ? "1" : n);
    }

    private Map<String, String> result(List<String> cmd, String what, boolean descent)
            throws IOException, InterruptedException {
        Map<String, String> fields = result(cmd, what, descent, Map.of());
        fields.remove(OUTPUT);
        return fields;
    }

    /** Runs {@code cmd} with {@code extra} in its environment: its RESULT fields, its whole output under OUTPUT. */
    private Map<String, String> result(List<String> cmd, String what, boolean descent, Map<String, String> extra)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb, descent);
        pb.environment().putAll(extra);
        Process p = pb.start();
        String out = BenchRunner.readAll(p.getInputStream());
        int status = p.waitFor();
        for (String line : out.split("\n")) {
            if (line.startsWith("RESULT ") && status == 0) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (String kv : line.substring(7).trim().split("\\s+")) {
                    int eq = kv.indexOf('=');
                    fields.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                fields.put(OUTPUT, out);
                return fields;
            }
        }
        throw new IOException(what + " failed (exit status " + status + "):\n" + out);
    }

    /**
     * A value in words made one RESULT field (the fields are split at white space): spaces become '~', which no
     * backend's name holds ('_' does: "avx512_core").
     */
    static String field(String words) {
        return words.trim().replaceAll("\\s+", "~");
    }

    /** The words of a {@link #field}; null stays null (an older RESULT line without the field). */
    static String words(String field) {
        return field == null ? null : field.replace('~', ' ');
    }

    /** The torch peer script, copied out of the class path once (it travels inside the jar). */
    Path peerScript() throws IOException {
        if (peerScript == null) {
            peerScript = PeerScript.extract(PEER);
        }
        return peerScript;
    }
}
