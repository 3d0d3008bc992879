package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamingLoaderTest {
    @TempDir
    Path dir;

    /**
     * Row i of a LIBSVM file: label i, entries (i % 7 + 1 : i) and (20 : 0.5); every 10th line is a comment
     * or blank, so chunks hold different numbers of rows.
     */
    private Path libsvm(int n) throws IOException {
        StringBuilder sb = new StringBuilder("# generated\n");
        for (int i = 0; i < n; i++) {
            sb.append(i).append(' ').append(i % 7 + 1).append(':').append(i).append(" 20:0.5\n");
            if (i % 10 == 3) {
                sb.append(i % 20 == 3 ? "\n" : "   # comment\n");
            }
        }
        return Files.writeString(dir.resolve("rows.svm"), sb);
    }

    /** A CSV with header: columns a = i, b = -i, label = i % 4. */
    private Path csv(int n) throws IOException {
        StringBuilder sb = new StringBuilder("a,b,label\r\n");
        for (int i = 0; i < n; i++) {
            sb.append(i).append(',').append(-i).append(',').append(i % 4).append("\r\n");
        }
        return Files.writeString(dir.resolve("rows.csv"), sb);
    }

    private static StreamingLoader.Options options(int batch, long seed) {
        return StreamingLoader.Options.of(batch, seed).withChunks(37, 3);
    }

    /** The row ids of one epoch, batch by batch, checking each row's content. */
    private static List<int[]> sparseEpoch(StreamingLoader<SparseBatch> loader) {
        List<int[]> out = new ArrayList<>();
        for (SparseBatch b : loader) {
            int[] ids = new int[b.size()];
            for (int k = 0; k < b.size(); k++) {
                int id = (int) b.y().get(k);
                int p = b.x().rowPtr()[k];
                assertThat(b.x().rowPtr()[k + 1] - p).isEqualTo(2);
                assertThat(b.x().colIdx()[p]).isEqualTo(id % 7);
                assertThat(b.x().values()[p]).isEqualTo(id);
                assertThat(b.x().colIdx()[p + 1]).isEqualTo(19);
                ids[k] = id;
            }
            out.add(ids);
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(java.util.Arrays::stream).toArray();
    }

    @Test
    void everyEpochStreamsEveryRowOnceInAFreshShuffledOrder() throws IOException {
        StreamingLoader<SparseBatch> loader = StreamingLoader.libsvm(libsvm(1000), LibSvmFormat.DEFAULT, options(16, 3));
        assertThat(loader.rows()).isEqualTo(1000);
        assertThat(loader.numFeatures()).isEqualTo(20);
        assertThat(loader.batchesPerEpoch()).isEqualTo(63);
        List<int[]> first = sparseEpoch(loader);
        List<int[]> second = sparseEpoch(loader);
        assertThat(first).hasSize(63);
        assertThat(first.subList(0, 62)).allSatisfy(b -> assertThat(b).hasSize(16));
        assertThat(flat(first)).containsExactlyInAnyOrder(Rows.identity(1000));
        assertThat(flat(second)).containsExactlyInAnyOrder(Rows.identity(1000));
        assertThat(flat(first)).isNotEqualTo(flat(second)).isNotEqualTo(Rows.identity(1000));
        assertThat(loader.epoch()).isEqualTo(2);
    }

    @Test
    void chunksAreShuffledAcrossTheWholeFile() throws IOException {
        StreamingLoader<SparseBatch> loader = StreamingLoader.libsvm(libsvm(3000), LibSvmFormat.DEFAULT, options(50, 5));
        int[] first = flat(sparseEpoch(loader)).clone();
        // The first batch draws on 3 chunks taken anywhere in the file, not on its first 111 lines.
        int max = 0;
        for (int i = 0; i < 50; i++) {
            max = Math.max(max, first[i]);
        }
        assertThat(max).isGreaterThan(300);
    }

    @Test
    void sameSeedSameBatchesRunAfterRun() throws IOException {
        Path file = libsvm(500);
        List<int[]> a = new ArrayList<>();
        List<int[]> b = new ArrayList<>();
        StreamingLoader<SparseBatch> la = StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(32, 9));
        StreamingLoader<SparseBatch> lb = StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(32, 9));
        for (int e = 0; e < 3; e++) {
            a.addAll(sparseEpoch(la));
            b.addAll(sparseEpoch(lb));
        }
        assertThat(flat(a)).containsExactly(flat(b));
        StreamingLoader<SparseBatch> other = StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(32, 10));
        assertThat(flat(sparseEpoch(other))).isNotEqualTo(flat(a.subList(0, 16)));
    }

    @Test
    void withoutShuffleRowsComeInFileOrderAndDropLastDropsTheTail() throws IOException {
        StreamingLoader<SparseBatch> loader = StreamingLoader.libsvm(libsvm(100), LibSvmFormat.DEFAULT,
                options(16, 1).withShuffle(false).withDropLast(true));
        List<int[]> batches = sparseEpoch(loader);
        assertThat(batches).hasSize(6);
        assertThat(flat(batches)).containsExactly(java.util.Arrays.copyOf(Rows.identity(100), 96));
    }

    @Test
    void csvStreamsDenseBatchesWithClasses() throws IOException {
        StreamingLoader<Batch> loader = StreamingLoader.csv(csv(500), CsvFormat.label("label").asClasses(),
                options(64, 2));
        assertThat(loader.numFeatures()).isEqualTo(2);
        assertThat(loader.numClasses()).isEqualTo(4);
        List<Integer> ids = new ArrayList<>();
        for (Batch b : loader) {
            assertThat(b.x().shape().dim(1)).isEqualTo(2);
            for (int k = 0; k < b.size(); k++) {
                int id = (int) b.x().get(k, 0);
                assertThat(b.x().get(k, 1)).isEqualTo(-id);
                assertThat(b.classes()[k]).isEqualTo(id % 4);
                ids.add(id);
            }
        }
        assertThat(ids).hasSize(500).doesNotHaveDuplicates();
    }

    @Test
    void resumesMidEpochFromASavedState() throws IOException {
        Path file = libsvm(400);
        StreamingLoader<SparseBatch> straight = StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(24, 4));
        List<int[]> expected = new ArrayList<>(sparseEpoch(straight));
        expected.addAll(sparseEpoch(straight));

        StreamingLoader<SparseBatch> first = StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(24, 4));
        List<int[]> got = new ArrayList<>();
        Iterator<SparseBatch> it = first.iterator();
        for (int i = 0; i < 7; i++) {
            SparseBatch b = it.next();
            int[] ids = new int[b.size()];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = (int) b.y().get(k);
            }
            got.add(ids);
        }
        LoaderState saved = first.state();
        assertThat(saved.batchesDone()).isEqualTo(7);
        StreamingLoader<SparseBatch> resumed = StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(24, 77));
        resumed.restore(saved);
        got.addAll(sparseEpoch(resumed));
        got.addAll(sparseEpoch(resumed));
        assertThat(flat(got)).containsExactly(flat(expected));
    }

    @Test
    void aMalformedLineFailsWhenOpeningBeforeAnyBatch() throws IOException {
        Path file = libsvm(900);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(800, "5 3:1 2:1");
        Files.write(file, lines);
        assertThatThrownBy(() -> StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(16, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll(file + ", line 801", "indices must increase");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "a,label\n1,0\n2,x\n");
        assertThatThrownBy(() -> StreamingLoader.csv(bad, CsvFormat.label("label"), options(4, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 3, field 2 ('label')");
    }

    @Test
    void aFileChangedWhileStreamingIsReported() throws IOException {
        Path file = libsvm(300);
        StreamingLoader<SparseBatch> loader = StreamingLoader.libsvm(file, LibSvmFormat.DEFAULT, options(16, 1));
        Files.writeString(file, "1 1:1\n");
        assertThatThrownBy(() -> loader.iterator().next()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the file changed while streaming");

        Path same = libsvm(300); // same size, but an index beyond the width the batches were built for
        StreamingLoader<SparseBatch> wide = StreamingLoader.libsvm(same, LibSvmFormat.DEFAULT, options(16, 1));
        Files.writeString(same, Files.readString(same).replaceFirst("20:0.5", "99:0.5"));
        assertThatThrownBy(() -> {
            for (SparseBatch b : wide) {
                assertThat(b.size()).isPositive();
            }
        }).isInstanceOf(InvalidInputException.class)
                .hasMessageContainingAll("line 2", "index 99 is above the 20 features found when the file was indexed");
    }
}
