package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.descent.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingRowsTest {
    @TempDir
    Path dir;

    /** 1000 LIBSVM rows; row i has label ±1 and the single entry (i % 50) + 1 : i. */
    private Path libsvm() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append(i % 2 == 0 ? "1" : "-1").append(' ').append(i % 50 + 1).append(':').append(i).append('\n');
        }
        Path f = dir.resolve("rows.svm");
        Files.writeString(f, sb);
        return f;
    }

    private static List<Float> epoch(StreamingRows rows, long epoch) {
        List<Float> values = new ArrayList<>();
        rows.beginEpoch(epoch, 0);
        for (int k = rows.fill(); k > 0; k = rows.fill()) {
            SparseBatch b = rows.sparseBatch(k);
            assertThat(b.x().nnz()).isEqualTo(k);
            for (int i = 0; i < k; i++) {
                values.add(b.x().values()[i]);
            }
        }
        return values;
    }

    @Test
    void everyKeptRowOnceAnEpochInAFreshOrderAndTheHeldOutOnesApart() throws IOException {
        RowSplit split = new RowSplit(0.25, 7);
        try (TextChunks src = TextChunks.libsvm(libsvm(), LibSvmFormat.DEFAULT, 512)) {
            StreamingRows train = new StreamingRows(src, "rows.svm", new StreamingRows.Options(32, 100, true, 1, 2),
                    k -> !split.heldOut(k), StreamingRows.Labels.SIGNS);
            StreamingRows held = new StreamingRows(src, "rows.svm", new StreamingRows.Options(32, 100, false, 1, 2),
                    split::heldOut, StreamingRows.Labels.SIGNS);
            List<Float> e1 = epoch(train, 1);
            List<Float> e2 = epoch(train, 2);
            List<Float> h = epoch(held, 0);
            assertThat(new HashSet<>(e1)).hasSize(e1.size()).isEqualTo(new HashSet<>(e2));
            assertThat(e1).isNotEqualTo(e2);
            assertThat(epoch(train, 1)).isEqualTo(e1); // an epoch's order depends on the seed and epoch only
            Set<Float> all = new HashSet<>(e1);
            all.addAll(h);
            assertThat(all).hasSize(1000);
            assertThat(h.size()).isBetween(200, 300);
            assertThat(h).isSorted(); // not shuffled: file order
            train.close();
            held.close();
        }
    }

    @Test
    void zeroOneLabelsBecomeSignsForTheMarginLosses() throws IOException {
        Path f = dir.resolve("01.svm");
        Files.writeString(f, "0 1:1\n1 1:2\n0 1:3\n");
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT, 1 << 20);
                StreamingRows rows = new StreamingRows(src, f.toString(), new StreamingRows.Options(8, 8, false, 0, 1),
                        k -> true, StreamingRows.Labels.SIGNS)) {
            rows.beginEpoch(1, 0);
            int k = rows.fill();
            assertThat(rows.sparseBatch(k).y().toFloatArray()).containsExactly(-1f, 1f, -1f);
        }
        Path bad = dir.resolve("3.svm");
        Files.writeString(bad, "3 1:1\n");
        try (TextChunks src = TextChunks.libsvm(bad, LibSvmFormat.DEFAULT, 1 << 20);
                StreamingRows rows = new StreamingRows(src, bad.toString(), new StreamingRows.Options(8, 8, false, 0, 1),
                        k -> true, StreamingRows.Labels.SIGNS)) {
            rows.beginEpoch(1, 0);
            assertThatThrownBy(rows::fill).hasMessageContaining(bad.toString()).hasMessageContaining("-1/+1 or 0/1");
        }
    }

    @Test
    void aFailureOfTheReaderThreadSurfacesUnchangedOnTheTrainingThread() throws IOException {
        IllegalStateException boom = new IllegalStateException("chunk 3 cannot be read");
        try (TextChunks text = TextChunks.libsvm(libsvm(), LibSvmFormat.DEFAULT, 512)) {
            ChunkSource failing = new HeldChunks(text);
            ChunkSource src = new ChunkSource() {
                public RowChunk.Kind kind() { return failing.kind(); }
                public int features() { return failing.features(); }
                public int chunks() { return failing.chunks(); }
                public long sourceBytes(int c) { return failing.sourceBytes(c); }
                public long totalBytes() { return failing.totalBytes(); }
                public void read(int c, RowChunk into) {
                    if (c == 3) {
                        throw boom;
                    }
                    failing.read(c, into);
                }
                public void close() { }
            };
            StreamingRows rows = new StreamingRows(src, "x", new StreamingRows.Options(16, 16, false, 0, 2), k -> true,
                    StreamingRows.Labels.SIGNS);
            rows.beginEpoch(1, 0);
            assertThatThrownBy(() -> {
                while (rows.fill() > 0) {
                    // until the failure
                }
            }).isSameAs(boom);
            rows.close();
        }
    }

    @Test
    void closeStopsTheReaderThread() throws Exception {
        try (TextChunks src = TextChunks.libsvm(libsvm(), LibSvmFormat.DEFAULT, 64)) {
            StreamingRows rows = new StreamingRows(src, "x", new StreamingRows.Options(4, 4, true, 0, 1), k -> true,
                    StreamingRows.Labels.SIGNS);
            rows.beginEpoch(1, 0);
            rows.fill(); // the reader now waits for a free chunk
            assertThat(readers()).isPositive();
            rows.close();
            assertThat(readers()).isZero();
        }
    }

    /**
     * The batches' rows, exactly: the kept rows of the chunks in the epoch's seeded chunk order, cut into shuffle
     * buffers of {@code shuffleRows} rows each shuffled by the same generator, as one row after the other would
     * give them. Rows of 1 to 4 entries and a held-out split that drops one row in four make runs of kept rows of
     * every length, copied as blocks, some cut by a full buffer; dense rows (CSV) likewise.
     */
    @Test
    void theBatchesHoldTheKeptRowsInTheSeededOrderEntryForEntry() throws IOException {
        StringBuilder svm = new StringBuilder();
        StringBuilder csv = new StringBuilder("label,a,b,c\n");
        for (int i = 0; i < 700; i++) {
            svm.append(i % 3 == 0 ? "1" : "-1");
            for (int j = 0; j <= i % 4; j++) {
                svm.append(' ').append(j * 11 + i % 7 + 1).append(':').append(i + j / 8f);
            }
            svm.append('\n');
            csv.append(i % 3 == 0 ? 1 : -1).append(',').append(i).append(',').append(-i).append(',').append(i % 9)
                    .append('\n');
        }
        Path svmFile = dir.resolve("runs.svm");
        Path csvFile = dir.resolve("runs.csv");
        Files.writeString(svmFile, svm);
        Files.writeString(csvFile, csv);
        RowSplit split = new RowSplit(0.25, 3);
        for (int shuffleRows : new int[] {1, 7, 64, 1000}) {
            for (boolean shuffle : new boolean[] {true, false}) {
                try (TextChunks src = TextChunks.libsvm(svmFile, LibSvmFormat.DEFAULT, 700)) {
                    checkOrder(src, shuffleRows, shuffle, split);
                }
                try (TextChunks src = TextChunks.csv(csvFile, CsvFormat.label("label"), 600)) {
                    checkOrder(src, shuffleRows, shuffle, split);
                }
            }
        }
    }

    private static void checkOrder(ChunkSource src, int shuffleRows, boolean shuffle, RowSplit split) {
        long seed = 5;
        int epoch = 2;
        int batch = 10;
        boolean dense = src.kind() == RowChunk.Kind.DENSE;
        // the reference: every row as its label and entries, in chunk order, then shuffled a buffer at a time
        Rng rng = new Rng(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] chunks = Rows.identity(src.chunks());
        if (shuffle) {
            rng.shuffle(chunks);
        }
        List<String> kept = new ArrayList<>();
        RowChunk c = new RowChunk(src.kind(), src.features());
        for (int chunk : chunks) {
            src.read(chunk, c);
            for (int r = 0; r < c.rows(); r++) {
                if (split.heldOut(c.keys()[r])) {
                    continue;
                }
                StringBuilder row = new StringBuilder().append(c.labels()[r]);
                if (dense) {
                    for (int j = 0; j < c.features(); j++) {
                        row.append(' ').append(c.x()[r * c.features() + j]);
                    }
                } else {
                    for (int p = c.rowPtr()[r]; p < c.rowPtr()[r + 1]; p++) {
                        row.append(' ').append(c.cols()[p]).append(':').append(c.vals()[p]);
                    }
                }
                kept.add(row.toString());
            }
        }
        List<String> expected = new ArrayList<>();
        for (int from = 0; from < kept.size(); from += shuffleRows) {
            int n = Math.min(shuffleRows, kept.size() - from);
            int[] order = Rows.identity(n);
            if (shuffle) {
                Rows.shuffle(rng, order, n);
            }
            for (int i : order) {
                expected.add(kept.get(from + i));
            }
        }
        List<String> seen = new ArrayList<>();
        try (StreamingRows rows = new StreamingRows(src, "runs", new StreamingRows.Options(batch, shuffleRows, shuffle,
                seed, 2), k -> !split.heldOut(k), StreamingRows.Labels.VALUES)) {
            rows.beginEpoch(epoch, 0);
            for (int k = rows.fill(); k > 0; k = rows.fill()) {
                if (dense) {
                    Batch b = rows.batch(k);
                    for (int r = 0; r < k; r++) {
                        StringBuilder row = new StringBuilder().append(b.y().getFlat(r));
                        for (int j = 0; j < src.features(); j++) {
                            row.append(' ').append((float) b.x().getFlat(r * src.features() + j));
                        }
                        seen.add(row.toString());
                    }
                } else {
                    SparseBatch b = rows.sparseBatch(k);
                    CsrMatrix x = b.x();
                    for (int r = 0; r < k; r++) {
                        StringBuilder row = new StringBuilder().append((float) b.y().getFlat(r));
                        for (int p = x.rowPtr()[r]; p < x.rowPtr()[r + 1]; p++) {
                            row.append(' ').append(x.colIdx()[p]).append(':').append(x.values()[p]);
                        }
                        seen.add(row.toString());
                    }
                }
            }
        }
        assertThat(expected.size()).isBetween(450, 600);
        assertThat(seen).as("%s, buffer %d, shuffle %b", src.kind(), shuffleRows, shuffle).isEqualTo(expected);
    }

    private static long readers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("descent-chunk-reader") && t.isAlive()).count();
    }
}
