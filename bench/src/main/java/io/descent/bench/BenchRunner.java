package io.descent.bench;

import io.descent.bench.data.DataBench;
import io.descent.bench.data.DataPeers;
import io.descent.bench.data.DataTable;
import io.descent.bench.data.LibSvmFileGenerator;
import io.descent.bench.data.MllibComparison;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The end-to-end benchmark: each workload of {@link Workload} trained (or run, for inference) by Descent and by
 * each peer of {@link Peers} that can run here (PyTorch 1.13 as installed and with tcmalloc, libtorch 2.7.1
 * through DJL), each run in a fresh process, the sides alternating A B C D A B C D; the table shows the median
 * samples/s of each side, the fastest peer and Descent's ratio to it, Descent's GFLOP/s and its fraction of the
 * matmul limit measured first in the same run ({@link MatmulLimit}), the peak resident memory (VmHWM) of
 * Descent's and the best peer's processes and the thread count.
 *
 * <pre>
 *   java -cp bench/target/descent-benchmarks.jar io.descent.bench.BenchRunner [options]
 *     --runs N          runs per side and workload (default 3); medians are taken over them
 *     --workloads a,b   ids of Workload (default all five)
 *     --steps N         timed steps per run for every workload (default: each workload's own)
 *     --warmup N        untimed steps before them (default: each workload's own)
 *     --threads N       threads for both sides (default 2)
 *     --json FILE       also write the table as a JSON list
 *     --jvm-opts "..."  JVM options of the Descent runs (default {@link #DEFAULT_JVM_OPTS})
 *     --python PATH     the interpreter with torch (default /usr/bin/python3); --no-pytorch skips its peers
 *     --no-djl          skips the libtorch peer (module bench-djl); --no-limit skips the matmul limit
 *     --soak EPOCHS     instead: train the MLP for EPOCHS epochs, printing heap and RSS after each
 *     --startup-runs N  starts of `descent train` (the launcher script) timed to the end of its first step
 *                       (default 3; 0 skips)
 *     --launcher PATH   the descent script they start (default: the project root's, beside bench/target)
 *     --data [FILE]     instead: the large-data benchmark ({@link DataBench}) on a LIBSVM file, generated with
 *                       --data-rows rows (default 1,000,000) of --data-features features (default 100,000) when
 *                       no FILE is given; with --mllib also Descent on Spark against MLlib's
 *                       LogisticRegression ({@link MllibComparison}): seconds to --target-loss, peak RSS
 * </pre>
 *
 * Both sides get {@code OMP_WAIT_POLICY=PASSIVE} and {@code OMP_NUM_THREADS} set to the thread count. The peer
 * gets {@code OPENBLAS_NUM_THREADS} set to it too (and calls {@code torch.set_num_threads} and
 * {@code openblas_set_num_threads}): PyTorch spreads a product over OpenBLAS's threads. Descent gets
 * {@code -Ddescent.threads} set to it and {@code OPENBLAS_NUM_THREADS=1}, as the {@code descent} launcher runs
 * it: Descent spreads a large product over its own threads, one single-threaded OpenBLAS call per block (see
 * {@code Gemm}). {@code OPENBLAS_CORETYPE} and the rest of the environment are passed on as found.
 */
public final class BenchRunner {
    /**
     * The JVM options of a Descent run, the ones recommended for the {@code descent} launcher. The serial
     * collector: the live data of a training step is small (a few MB of activations beside the data set, which
     * sits in the old generation), so a young collection copies little and one thread does it in a
     * millisecond or two, while the parallel collector's threads compete with training for the two shared
     * cores. A fixed young generation of 128 MB with survivor spaces of 32 MB (SurvivorRatio=2) holds the
     * activations a CNN step keeps for its backward pass, so they are not promoted and the old generation
     * does not grow, and it bounds the memory the young generation touches. -Xmx only caps growth.
     * Transparent huge pages: fewer TLB misses in the matrix products and fewer page faults when a data set is
     * decoded. The launcher adds the flag only where the kernel offers huge pages; without them the JVM warns
     * once and goes on. bench/README.md ("Measured choices") has the numbers behind each option.
     */
    public static final String DEFAULT_JVM_OPTS = "-Xmx4g -Xmn128m -XX:SurvivorRatio=2 -XX:+UseSerialGC "
            + "-XX:+UseTransparentHugePages --add-modules jdk.incubator.vector";

    private BenchRunner() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the benchmark with command-line {@code args}; returns the exit status (0 when every run worked). */
    public static int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            return 2;
        }
        if (o.help) {
            System.out.println(Options.USAGE);
            return 0;
        }
        try {
            Launcher launcher = new Launcher(o);
            if (o.soakEpochs > 0) {
                return launcher.soak(o.soakEpochs);
            }
            if (o.data) {
                return data(o);
            }
            System.out.printf("bench: %d runs per side, %d threads, Descent JVM options: %s%n", o.runs, o.threads,
                    o.jvmOpts);
            List<Peer> peers = peers(launcher, o);
            for (Peer p : peers) {
                System.out.println("bench: peer " + p.name() + (p.available() ? ": " + shortCommand(p.command())
                        + (p.environment().isEmpty() ? "" : " with " + p.environment()) : " skipped: " + p.unavailable()));
            }
            List<Peer> running = peers.stream().filter(Peer::available).toList();
            double limit = o.noLimit ? Double.NaN : limit(launcher, o);
            List<Row> rows = new ArrayList<>();
            for (Workload w : o.workloads) {
                rows.add(measure(launcher, w, o, running, limit));
            }
            System.out.println();
            System.out.print(Row.table(rows));
            if (o.startupRuns > 0) {
                startup(launcher, o);
            }
            if (o.json != null) {
                Files.writeString(o.json, Row.json(rows));
                System.out.println("bench: wrote " + o.json);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The peers of this run: the torch ones unless --no-pytorch, the DJL one unless --no-djl. */
    private static List<Peer> peers(Launcher launcher, Options o) throws IOException, InterruptedException {
        String noTorch = o.noPytorch ? "--no-pytorch" : launcher.hasTorch() ? null : o.python + " has no torch";
        Path script = noTorch == null ? launcher.peerScript() : null;
        Path root = o.launcher != null ? o.launcher.toAbsolutePath().getParent() : besideThisJar() == null ? null
                : besideThisJar().getParent();
        return Peers.of(o.python, script, noTorch, Path.of(DataPeers.TCMALLOC),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                root == null ? null : root.resolve("bench-djl").resolve("target"), o.noDjl ? "--no-djl" : null);
    }

    /** The median over --runs runs of the backend's 2-thread matmul GFLOP/s at the MLP's shapes. */
    private static double limit(Launcher launcher, Options o) throws IOException, InterruptedException {
        double[] g = new double[o.runs];
        String backend = "";
        for (int r = 0; r < o.runs; r++) {
            Map<String, String> m = launcher.matmulLimit();
            g[r] = Double.parseDouble(m.get("gflops"));
            backend = Launcher.words(m.get("backend")) + ", BLAS blocks on " + m.get("threads");
        }
        System.out.printf(Locale.ROOT, "bench: matmul limit: %.1f GFLOP/s (median of %d, float32 sgemm at the MLP's "
                + "shapes, %s, load %.2f)%n", median(g), o.runs, backend, ProcStatus.loadAverage());
        return median(g);
    }

    private static Row measure(Launcher launcher, Workload w, Options o, List<Peer> peers, double limit)
            throws IOException, InterruptedException {
        int warmup = o.warmup >= 0 ? o.warmup : w.warmup;
        int steps = o.steps > 0 ? o.steps : w.steps;
        double[] descent = new double[o.runs];
        double[][] peer = new double[peers.size()][o.runs];
        double[] peerRss = new double[peers.size()];
        double descentRss = 0;
        for (int r = 0; r < o.runs; r++) {
            Map<String, String> a = launcher.descent(w, warmup, steps);
            if (!"JNIBLAS".equals(a.get("blas")) && r == 0) {
                System.out.println("bench: warning: Descent runs on " + a.get("blas") + ", not native OpenBLAS "
                        + "(install libopenblas0-pthread)");
            }
            if (r == 0 && w == o.workloads.get(0)) {
                System.out.println("bench: Descent's float32 products run on " + Launcher.words(a.get("products"))
                        + "; those it declines on BLAS, " + a.get("gemm_threads")
                        + " (descent:N = split over Descent's N threads, one OpenBLAS thread per block)");
            }
            descent[r] = Double.parseDouble(a.get("samples_per_s"));
            descentRss = Math.max(descentRss, Double.parseDouble(a.get("peak_rss_mb")));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-20s run %d  Descent %9.1f/s "
                    + "(RSS %5.0f MB, GC %s ms, loss %s)", w.id, r + 1, descent[r],
                    Double.parseDouble(a.get("peak_rss_mb")), a.get("gc_ms"), a.get("loss")));
            for (int p = 0; p < peers.size(); p++) {
                peer[p][r] = Double.NaN;
                if (r > 0 && Double.isNaN(peer[p][0])) {
                    continue;   // it failed on the first run: one message is enough
                }
                try {
                    Map<String, String> b = launcher.peer(peers.get(p), w, warmup, steps);
                    peer[p][r] = Double.parseDouble(b.get("samples_per_s"));
                    peerRss[p] = Math.max(peerRss[p], Double.parseDouble(b.get("peak_rss_mb")));
                    line.append(String.format(Locale.ROOT, "  %s %9.1f/s (RSS %5.0f MB, loss %s)", peers.get(p).name(),
                            peer[p][r], Double.parseDouble(b.get("peak_rss_mb")), b.get("loss")));
                } catch (IOException e) {
                    System.out.println("bench: " + firstLines(e.getMessage(), 3));
                }
            }
            System.out.println(line + String.format(Locale.ROOT, "  load %.2f", ProcStatus.loadAverage()));
        }
        Map<String, Row.PeerResult> results = new LinkedHashMap<>();
        for (int p = 0; p < peers.size(); p++) {
            boolean ran = !Double.isNaN(peer[p][0]);
            results.put(peers.get(p).name(), new Row.PeerResult(ran ? median(peer[p]) : Double.NaN,
                    ran ? peerRss[p] : Double.NaN));
        }
        return new Row(w, median(descent), descentRss, o.threads, results, limit);
    }

    /** A command line to print, a class path shown as its count of entries. */
    static String shortCommand(List<String> cmd) {
        List<String> shown = new ArrayList<>(cmd);
        for (int i = 1; i < shown.size(); i++) {
            if (shown.get(i - 1).equals("-cp")) {
                shown.set(i, "(" + shown.get(i).split(java.io.File.pathSeparator).length + " jars)");
            }
        }
        return String.join(" ", shown);
    }

    private static String firstLines(String s, int n) {
        return String.join("\n", s.lines().limit(n).toList());
    }

    /** {@code --data}: the large-data benchmark on the given LIBSVM file, or on one generated for it. */
    private static int data(Options o) throws IOException, InterruptedException {
        Path script = o.launcher != null ? o.launcher : besideThisJar();
        if (script == null || !Files.isExecutable(script)) {
            throw new IOException("--data runs 'descent train' through the launcher script: pass --launcher PATH");
        }
        Path file = o.dataFile;
        Path generated = null;
        if (file == null) {
            generated = Files.createTempFile("descent-bench", ".svm");
            file = generated;
            long t0 = System.nanoTime();
            long bytes = new LibSvmFileGenerator(o.dataFeatures, 30, 42).write(file, o.dataRows);
            System.out.printf(Locale.ROOT, "bench --data: generated %s: %d rows, %d features, 30 non-zeros a row, "
                    + "%.1f MB in %.1f s%n", file, o.dataRows, o.dataFeatures, bytes / 1e6, (System.nanoTime() - t0) / 1e9);
        }
        try {
            DataPeers peers = new DataPeers(o.python, o.threads);
            DataTable t = new DataBench(script, file, o.dataFeatures, o.runs, peers).run();
            String json = t.json();
            if (o.mllib) {
                Path module = script.toAbsolutePath().getParent().resolve("bench-mllib").resolve("target");
                MllibComparison.Result r = new MllibComparison(script, file, o.dataFeatures, peers).run(
                        module.resolve("descent-bench-mllib.jar"), module.resolve("classpath.txt"), o.mllibMaster,
                        o.mllibHeap, o.targetLoss, 3, 20);
                json = "{\"data\": " + json.strip() + ", \"mllib\": " + r.json() + "}\n";
            }
            if (o.json != null) {
                Files.writeString(o.json, json);
                System.out.println("bench: wrote " + o.json);
            }
            return 0;
        } finally {
            if (generated != null) {
                Files.deleteIfExists(generated);
            }
        }
    }

    /** The time from {@code descent train} to its first training step, when the launcher script is there. */
    private static void startup(Launcher launcher, Options o) throws IOException, InterruptedException {
        Path script = o.launcher != null ? o.launcher : besideThisJar();
        if (script == null || !Files.isExecutable(script)) {
            System.out.println("bench: time to first step not measured: no descent launcher script (the project "
                    + "root's ./descent; pass --launcher PATH)");
            return;
        }
        double[] seconds = new double[o.startupRuns];
        for (int r = 0; r < o.startupRuns; r++) {
            seconds[r] = launcher.startup(script);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "time from 'descent train --data fashion-mnist --model linear' to the end of "
                + "its first step: median %.2f s over %d starts (fastest %.2f s, slowest %.2f s); target < 1.5 s%n",
                median(seconds), o.startupRuns, sorted[0], sorted[sorted.length - 1]);
    }

    /** The ./descent script of the project this runner's jar (bench/target/...) was built in, or null. */
    private static Path besideThisJar() {
        try {
            Path self = Path.of(BenchRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = self.getParent() == null ? null : self.getParent().getParent();
            return root == null || root.getParent() == null ? null : root.getParent().resolve("descent");
        } catch (java.net.URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** The median of {@code v} (the mean of the middle two for an even count). */
    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: bench [--runs N] [--workloads id,...] [--steps N] [--warmup N] [--threads N] [--json FILE]
                             [--jvm-opts "..."] [--python PATH | --no-pytorch] [--no-djl] [--no-limit]
                             [--soak EPOCHS]
                             [--startup-runs N (default 3; 0: skip)] [--launcher PATH]
                             [--data [FILE] [--data-rows N (default 1000000)] [--data-features F (default 100000)]
                                    [--mllib [--mllib-master M (local[2])] [--mllib-heap H (2g)] [--target-loss L (0.35)]]]
                workloads: logreg-adam, mlp-adam, mlp-bn-sgd-nesterov, cnn-adam, mlp-inference""";
        int runs = 3;
        List<Workload> workloads = List.of(Workload.values());
        int steps = 0;
        int warmup = -1;
        int threads = 2;
        Path json;
        String jvmOpts = DEFAULT_JVM_OPTS;
        String python = "/usr/bin/python3";
        boolean noPytorch;
        boolean noDjl;
        boolean noLimit;
        int soakEpochs;
        int startupRuns = 3;
        Path launcher;
        boolean help;
        boolean data;
        Path dataFile;
        long dataRows = 1_000_000;
        int dataFeatures = 100_000;
        boolean mllib;
        String mllibMaster = "local[2]";
        String mllibHeap = "2g";
        double targetLoss = 0.35;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> o.help = true;
                    case "--no-pytorch" -> o.noPytorch = true;
                    case "--no-djl" -> o.noDjl = true;
                    case "--no-limit" -> o.noLimit = true;
                    case "--runs" -> o.runs = positive(a, value(args, ++i));
                    case "--steps" -> o.steps = positive(a, value(args, ++i));
                    case "--warmup" -> o.warmup = Integer.parseInt(value(args, ++i));
                    case "--threads" -> o.threads = positive(a, value(args, ++i));
                    case "--soak" -> o.soakEpochs = positive(a, value(args, ++i));
                    case "--json" -> o.json = Path.of(value(args, ++i));
                    case "--startup-runs" -> o.startupRuns = Integer.parseInt(value(args, ++i));
                    case "--launcher" -> o.launcher = Path.of(value(args, ++i));
                    case "--data" -> {
                        o.data = true;
                        if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            o.dataFile = Path.of(args[++i]);
                        }
                    }
                    case "--mllib" -> o.mllib = true;
                    case "--mllib-master" -> o.mllibMaster = value(args, ++i);
                    case "--mllib-heap" -> o.mllibHeap = value(args, ++i);
                    case "--target-loss" -> o.targetLoss = Double.parseDouble(value(args, ++i));
                    case "--data-rows" -> o.dataRows = positive(a, value(args, ++i));
                    case "--data-features" -> o.dataFeatures = positive(a, value(args, ++i));
                    case "--jvm-opts" -> o.jvmOpts = value(args, ++i);
                    case "--python" -> o.python = value(args, ++i);
                    case "--workloads" -> o.workloads = Arrays.stream(value(args, ++i).split(","))
                            .map(String::trim).map(Workload::byId).toList();
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static int positive(String option, String v) {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new IllegalArgumentException(option + " must be at least 1, got " + v);
            }
            return n;
        }
    }

    /** Reads a child's whole output (its stdout and stderr merged). */
    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
