package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.io.ModelFile;
import io.descent.nn.Module;
import io.descent.tensor.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent train/eval --data libsvm:FILE|csv:FILE}: held in memory or streamed, the same test rows either way. */
class StreamedTrainCommandTest {
    @TempDir
    Path dir;

    /** Linearly separable sparse rows with labels +1/-1 (or 0/1). */
    private Path libsvm(String name, boolean zeroOne) throws IOException {
        Rng rng = new Rng(11);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            double s = 0;
            StringBuilder row = new StringBuilder();
            for (int col = 1 + rng.nextInt(5); col <= 300; col += 1 + rng.nextInt(30)) {
                double v = rng.uniform(0, 1);
                s += (col % 2 == 0 ? 1 : -1) * v;
                row.append(String.format(Locale.ROOT, " %d:%.3f", col, v));
            }
            sb.append(s > 0 ? (zeroOne ? "1" : "+1") : zeroOne ? "0" : "-1").append(row).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, sb);
        return f;
    }

    private CliTestSupport.Result train(Path data, Path model, String... extra) {
        String[] base = {"train", "--data", "libsvm:" + data, "--model", "linear", "--loss", "log", "--optimizer",
            "sgd(lr=1)", "--epochs", "3", "--batch-size", "32", "--save", model.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliTestSupport.run(all);
    }

    /** {@link #train} with a heap budget of 10 kB for data, which makes the command stream the file. */
    private CliTestSupport.Result trainStreaming(Path data, Path model, String... extra) {
        System.setProperty("descent.data.budget", "10000");
        try {
            return train(data, model, extra);
        } finally {
            System.clearProperty("descent.data.budget");
        }
    }

    @Test
    void plusMinusOneLibSvmTrainsInMemoryAndEvalReportsTheSameTestRows() throws IOException {
        Path data = libsvm("pm.svm", false);
        Path model = dir.resolve("m.safetensors");
        CliTestSupport.Result t = train(data, model);
        assertThat(t.status()).as(t.err()).isZero();
        assertThat(t.out()).contains("data: in memory, " + data).contains("300 features (the largest index in the file)");
        assertThat(t.lastLine()).matches("test accuracy 0\\.\\d{4} loss \\d+\\.\\d{6}");
        assertThat(Double.parseDouble(t.lastLine().split(" ")[2])).isGreaterThan(0.85);
        CliTestSupport.Result e = CliTestSupport.run("eval", "--load", model.toString(), "--data", "libsvm:" + data,
                "--loss", "log");
        assertThat(e.status()).as(e.err()).isZero();
        assertThat(e.lastLine()).isEqualTo(t.lastLine());
    }

    @Test
    void aFileAboveTheHeapsBudgetIsStreamedAndSaysSo() throws IOException {
        Path data = libsvm("zo.svm", true); // 0/1 labels work for the margin losses too
        Path model = dir.resolve("m.safetensors");
        CliTestSupport.Result t = trainStreaming(data, model, "--shuffle-buffer", "500");
        assertThat(t.status()).as(t.err()).isZero();
        assertThat(t.out()).containsPattern("data: streaming .*zo\\.svm \\(.* MB, 300 features .*\\) in 4\\.0 MB chunks, "
                + "shuffle buffer 500 rows: about .* parsed, above the heap's budget of 0\\.0 MB");
        assertThat(t.out()).containsPattern("epoch 3: \\d+ rows/s, \\d+\\.\\d MB/s");
        assertThat(Double.parseDouble(t.lastLine().split(" ")[2])).isGreaterThan(0.85);
        CliTestSupport.Result e = CliTestSupport.run("eval", "--load", model.toString(), "--data", "libsvm:" + data,
                "--loss", "log");
        assertThat(e.lastLine()).isEqualTo(t.lastLine());
    }

    /**
     * The loader's buffers are sized by a sparse row's entries, not by the width: 2,000,000 features and the
     * default shuffle buffer of 65,536 rows would be 500 GB dense, and are a few MB as CSR.
     */
    @Test
    void aWideSparseFileStreamsWithTheDefaultShuffleBuffer() throws IOException {
        Path data = libsvm("wide.svm", false);
        Files.writeString(data, "+1 2000000:0.5\n", java.nio.file.StandardOpenOption.APPEND);
        Path model = dir.resolve("wide.safetensors");
        CliTestSupport.Result t = trainStreaming(data, model, "--shuffle-buffer", "65536");
        assertThat(t.status()).as(t.err()).isZero();
        assertThat(t.out()).contains("2000000 features").contains("shuffle buffer 65536 rows");
    }

    @Test
    void theTestRowsOfCommandsHoldingTheFileAreThoseStreamed() throws IOException {
        Path data = libsvm("split.svm", false);
        Path model = dir.resolve("m.safetensors");
        assertThat(train(data, model).status()).isZero();
        Module m = ModelFile.load(model);
        TaskOptions task = new TaskOptions();
        task.data = "libsvm:" + data;
        task.model = "linear";
        task.loss = "log";
        task.batchSize = 128;
        task.label = "-1";
        task.regression = true; // real values, so that -1 is accepted; signed below as prepare() does for margins
        task.validationSplit = 0;
        DataSpecs.Data held = DataSpecs.load(task.data, new DataSpecs.CsvOptions("-1", true, false));
        var streamed = StreamedTraining.forEval(task).testRows().measure(m);
        assertThat(streamed.rows()).isEqualTo(held.test().size()).isBetween(500L, 700L);
        HeldOut inMemory = HeldOut.of("test", m, LossSpecs.build("log"), held.test(), true);
        assertThat(streamed.accuracy()).isEqualTo(inMemory.accuracy());
        assertThat(streamed.loss()).isCloseTo(inMemory.loss(), within(1e-5));
    }

    @Test
    void crossEntropyRefusesMinusOneLabelsNamingTheLine() throws IOException {
        Path data = libsvm("ce.svm", false);
        CliTestSupport.Result t = CliTestSupport.run("train", "--data", "libsvm:" + data, "--epochs", "1", "--save",
                dir.resolve("m.safetensors").toString());
        assertThat(t.status()).isNotZero();
        assertThat(t.err()).contains(data.toString()).contains("line ").contains("not a class index")
                .contains("-1/+1 labels are for the log and hinge losses");
    }

    @Test
    void theCacheIsWrittenByTheFirstRunAndReadByTheNextWithTheSameResult() throws IOException {
        Path data = libsvm("c.svm", false);
        Path cache = dir.resolve("cache");
        CliTestSupport.Result first = train(data, dir.resolve("a.safetensors"), "--cache", cache.toString());
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("writing the cache " + cache);
        try (var files = Files.list(cache)) {
            assertThat(files.filter(p -> p.toString().endsWith(".dcache"))).hasSize(1);
        }
        CliTestSupport.Result second = train(data, dir.resolve("b.safetensors"), "--cache", cache.toString());
        assertThat(second.out()).contains("read from the cache " + cache);
        assertThat(second.lastLine()).isEqualTo(first.lastLine());
    }

    @Test
    void aRunThatFailsOnBadInputLeavesNoCache() throws IOException {
        Path data = dir.resolve("bad.svm");
        Files.writeString(data, "1 1:1\n-1 2:1\n1 3:oops\n");
        Path cache = dir.resolve("cache");
        CliTestSupport.Result t = train(data, dir.resolve("m.safetensors"), "--cache", cache.toString());
        assertThat(t.status()).isNotZero();
        assertThat(t.err()).contains(data.toString()).contains("line 3");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aRunThatFindsItsCacheTakesTheWidthFromItWithoutScanningTheText() throws IOException {
        Path data = libsvm("w.svm", false);
        Path cache = dir.resolve("cache");
        CliTestSupport.Result first = train(data, dir.resolve("a.safetensors"), "--cache", cache.toString());
        assertThat(first.status()).as(first.err()).isZero();
        // A larger index in a middle line, same length, same time: the cache still matches (its fingerprint reads
        // the first and last 64 KiB), so only a scan of the text would see the new width.
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(data);
        java.util.List<String> lines = Files.readAllLines(data);
        int middle = lines.size() / 2;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(" [1-9][0-9][0-9]:").matcher(lines.get(middle));
        int last = -1;
        while (m.find()) {
            last = m.start();       // the line's last index of three digits: indices must increase
        }
        assertThat(last).isNotNegative();
        lines.set(middle, lines.get(middle).substring(0, last) + " 999:" + lines.get(middle).substring(last + 5));
        Files.writeString(data, String.join("\n", lines) + "\n");
        Files.setLastModifiedTime(data, time);
        CliTestSupport.Result second = train(data, dir.resolve("b.safetensors"), "--cache", cache.toString());
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).contains("read from the cache").doesNotContain("999 features");
        assertThat(second.lastLine()).isEqualTo(first.lastLine());
        CliTestSupport.Result scanned = train(data, dir.resolve("c.safetensors"));
        assertThat(scanned.status()).as(scanned.err()).isZero();
        assertThat(scanned.out()).as(scanned.err()).contains("999 features");
    }
}
