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

    private static long readers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("descent-chunk-reader") && t.isAlive()).count();
    }
}
