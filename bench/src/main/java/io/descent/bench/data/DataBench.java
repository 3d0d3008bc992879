package io.descent.bench.data;

import io.descent.bench.ProcStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code descent bench --data}: large sparse data, Descent's streaming reader and binary cache against
 * scikit-learn's {@code load_svmlight_file} + {@code SGDClassifier} (and, with {@code --mllib}, Spark MLlib's
 * {@code LogisticRegression}) on one LIBSVM file: logistic regression, one pass.
 *
 * <p>Each round runs, each in a fresh process: {@code descent train} streaming the text (one epoch: parse on the
 * background thread, train on the caller's), {@code descent train --cache} (epoch 1 parses and writes the cache,
 * epochs 2 to 4 read it memory-mapped: the cached epoch's rate is their median, as a run of many epochs sees it,
 * where epoch 2 alone still carries the JIT's warm-up), and the scikit-learn peer (load, then one SGD epoch). Descent runs with a 1 GB
 * heap and is made to stream ({@code -Ddescent.data.budget=1}), as a file larger than memory would be; its
 * MB/s while streaming text is its parse rate (training from the cache is several times faster, so the text
 * epoch waits on the parser). The table has the medians over the rounds and the ratios the issue aims at:
 * parsing at least 3x scikit-learn's loader, an epoch from the cache at least 2x its SGD epoch. Like
 * {@code SGDClassifier.fit} (no early stopping), Descent's epochs then hold out no validation rows and evaluate none
 * ({@code --validation-split 0}): both sides time the same work, one pass of training over the rows.
 */
public final class DataBench {
    /** The Descent side's JVM: a heap far below the file, the serial collector. */
    static final String JVM_OPTS = "-Xmx1g -XX:+UseSerialGC -Ddescent.data.budget=1";
    static final String OPTIMIZER = "adagrad(lr=0.5)";
    static final int BATCH = 256;
    /** Epochs read from the cache after the one that writes it. */
    static final int CACHED_EPOCHS = 3;

    private final Path launcher;
    private final Path file;
    private final int features;
    private final int runs;
    private final DataPeers peers;

    public DataBench(Path launcher, Path file, int features, int runs, DataPeers peers) {
        this.launcher = launcher;
        this.file = file;
        this.features = features;
        this.runs = runs;
        this.peers = peers;
    }

    /** The figures of one round. */
    record Round(double textRowsPerS, double textMbPerS, double textRssMb, double cacheRowsPerS, double cacheRssMb,
            double loss, double sklearnLoadMbPerS, double sklearnLoadS, double sklearnEpochRowsPerS,
            double sklearnEpochS, double sklearnRssMb, double sklearnLoss) {
    }

    /** Runs the rounds and prints the table; returns the medians. */
    public DataTable run() throws IOException, InterruptedException {
        long bytes = Files.size(file);
        System.out.printf(Locale.ROOT, "bench --data: %s (%.1f MB, %d features), logistic regression, %s batch %d, "
                + "Descent JVM %s; %d rounds%n", file, bytes / 1e6, features, OPTIMIZER, BATCH, JVM_OPTS, runs);
        boolean sklearn = peers.hasSklearn();
        if (!sklearn) {
            System.out.println("bench --data: no scikit-learn peer (" + peers.python() + " cannot import sklearn)");
        }
        List<Round> rounds = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Path cache = Files.createTempDirectory("descent-bench-cache");
            Path model = cache.resolve("model.safetensors");
            try {
                Measured text = peers.descent(launcher, JVM_OPTS, "train", "--data", "libsvm:" + file, "--model",
                        "linear", "--loss", "log", "--optimizer", OPTIMIZER, "--batch-size", "" + BATCH, "--epochs",
                        "1", "--seed", "1", "--validation-split", "0", "--save", model.toString());
                Measured cached = peers.descent(launcher, JVM_OPTS, "train", "--data", "libsvm:" + file, "--model",
                        "linear", "--loss", "log", "--optimizer", OPTIMIZER, "--batch-size", "" + BATCH, "--epochs",
                        "" + (1 + CACHED_EPOCHS), "--seed", "1", "--validation-split", "0", "--cache", cache.toString(),
                        "--save", model.toString());
                Map<String, String> sk = sklearn ? peers.sklearn(file, features) : Map.of();
                Round round = new Round(text.rowsPerS(1), text.mbPerS(1), text.peakRssMb(), cachedEpochRate(cached),
                        cached.peakRssMb(), text.trainLoss(1), num(sk, "load_mb_per_s"), num(sk, "load_s"),
                        num(sk, "rows_per_s"), num(sk, "epoch_s"), num(sk, "peak_rss_mb"), num(sk, "train_loss"));
                rounds.add(round);
                System.out.printf(Locale.ROOT, "round %d  Descent text %.0f rows/s %.1f MB/s (RSS %.0f MB), cache %.0f "
                        + "rows/s (RSS %.0f MB)  scikit-learn load %.1f MB/s, epoch %.0f rows/s (RSS %.0f MB)  load %.2f%n",
                        r + 1, round.textRowsPerS, round.textMbPerS, round.textRssMb, round.cacheRowsPerS,
                        round.cacheRssMb, round.sklearnLoadMbPerS, round.sklearnEpochRowsPerS, round.sklearnRssMb,
                        ProcStatus.loadAverage());
            } finally {
                deleteTree(cache);
            }
        }
        DataTable t = DataTable.of(rounds, bytes);
        System.out.println();
        System.out.print(t.text());
        return t;
    }

    private static double num(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The median rows/s of the epochs read from the cache (epochs 2 to 1 + {@link #CACHED_EPOCHS}). */
    static double cachedEpochRate(Measured cached) {
        double[] rates = new double[CACHED_EPOCHS];
        for (int e = 0; e < CACHED_EPOCHS; e++) {
            rates[e] = cached.rowsPerS(2 + e);
        }
        return io.descent.bench.BenchRunner.median(rates);
    }
}
