package io.descent.data;

import static io.descent.data.ChunkCacheFixtures.assertSameRows;
import static io.descent.data.ChunkCacheFixtures.randomChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a cache is used, when it is refused, and that nothing incomplete is ever seen. */
class ChunkCacheTest {
    private static final String KEY = "libsvm:features=0";
    private static final RowChunk.Kind SPARSE = RowChunk.Kind.SPARSE;

    @TempDir
    Path tmp;
    private Path dir;
    private Path source;
    private final List<RowChunk> chunks = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = tmp.resolve("cache");
        source = ChunkCacheFixtures.writeSource(tmp, "train.svm", "1 1:0.5\n-1 2:1\n".repeat(5000));
        Random random = new Random(42);
        for (int i = 0; i < 4; i++) {
            chunks.add(randomChunk(SPARSE, i, 50 + i, 20, random));
        }
    }

    private ChunkCache.Cached build() {
        try (ChunkCache.Writer w = ChunkCache.create(dir, source, KEY, SPARSE, chunks.size())) {
            for (RowChunk c : chunks) {
                w.add(c, 1000);
            }
            return w.commit(20, Map.of("labels", "pm1"));
        }
    }

    private String rejection() {
        assertThat(ChunkCache.open(dir, source, KEY)).isEmpty();
        return ChunkCache.lastRejection();
    }

    private Path cacheFile() {
        return ChunkCache.fileFor(dir, source, KEY);
    }

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aCommittedCacheOpensAndReadsTheSameRows() {
        build().close();
        try (ChunkCache.Cached c = ChunkCache.open(dir, source, KEY).orElseThrow()) {
            assertThat(c.file()).isEqualTo(cacheFile());
            assertThat(c.metadata()).containsEntry("labels", "pm1");
            assertThat(c.totalBytes()).isEqualTo(4000);
            RowChunk into = new RowChunk(SPARSE, 0);
            c.read(2, into);
            assertSameRows(into, chunks.get(2));
            assertThat(into.features()).isEqualTo(20);
        }
        assertThat(ChunkCache.lastRejection()).isEmpty();
    }

    @Test
    void nothingIsVisibleBeforeCommitAndCloseWithoutCommitLeavesNothing() throws IOException {
        ChunkCache.Writer w = ChunkCache.create(dir, source, KEY, SPARSE, chunks.size());
        for (RowChunk c : chunks) {
            w.add(c, 1000);
        }
        assertThat(rejection()).contains("no cache yet");
        assertThat(filesInDir()).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                .startsWith("." + cacheFile().getFileName()).endsWith(".tmp"));
        w.close();
        assertThat(filesInDir()).isEmpty();
        assertThat(rejection()).contains("no cache yet");
        assertThatThrownBy(() -> w.add(chunks.get(0), 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLeftoverTempFileIsIgnoredAndRemovedByTheNextCreate() throws IOException {
        Files.createDirectories(dir);
        Path leftover = dir.resolve("." + cacheFile().getFileName() + ".deadbeef.tmp");
        Files.write(leftover, new byte[1000]); // what a killed writer leaves: no lock, no trailer
        Path otherSource = dir.resolve(".other.svm.0123456789abcdef.dcache.1.tmp");
        Files.write(otherSource, new byte[10]);
        assertThat(rejection()).contains("no cache yet");
        build().close();
        assertThat(leftover).doesNotExist();
        assertThat(otherSource).exists(); // another source's temp file is not this create's business
        assertThat(ChunkCache.open(dir, source, KEY)).isPresent();
    }

    @Test
    void aLiveWritersTempFileIsLeftAlone() throws IOException {
        try (ChunkCache.Writer first = ChunkCache.create(dir, source, KEY, SPARSE, 1)) {
            try (ChunkCache.Writer second = ChunkCache.create(dir, source, KEY, SPARSE, 1)) {
                assertThat(filesInDir()).hasSize(2);
            }
            first.add(chunks.get(0), 10);
            assertThat(first.commit(20, Map.of()).chunks()).isEqualTo(1);
        }
        assertThat(filesInDir()).containsExactly(cacheFile());
    }

    @Test
    void touchingTheSourceMakesTheCacheStale() throws IOException {
        build().close();
        Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(source).toMillis() + 5000));
        assertThat(rejection()).contains("source changed").contains("modification time");
    }

    @Test
    void rewritingTheSourceMakesTheCacheStaleEvenWithItsSizeAndTimeKept() throws IOException {
        build().close();
        FileTime time = Files.getLastModifiedTime(source);
        byte[] bytes = Files.readAllBytes(source);
        bytes[bytes.length - 3] = '7'; // same size, last 64 KiB differ
        Files.write(source, bytes);
        Files.setLastModifiedTime(source, time);
        assertThat(rejection()).contains("first or last 64 KiB");

        Files.writeString(source, "1 1:1\n");
        assertThat(rejection()).contains("size 6 bytes");
    }

    @Test
    void aDeletedSourceLeavesItsCacheUnused() throws IOException {
        build().close();
        Files.delete(source);
        assertThat(rejection()).contains("cannot read the source");
    }

    @Test
    void anotherFormatKeyOrSourceHasItsOwnCacheInTheSameDirectory() throws IOException {
        build().close();
        assertThat(ChunkCache.open(dir, source, "libsvm:features=100")).isEmpty();
        assertThat(ChunkCache.lastRejection()).contains("no cache yet");
        Path other = ChunkCacheFixtures.writeSource(tmp, "test.svm", "1 3:1\n");
        assertThat(ChunkCache.fileFor(dir, other, KEY)).isNotEqualTo(cacheFile());
        assertThat(ChunkCache.fileFor(dir, source, "other")).isNotEqualTo(cacheFile());
        assertThat(ChunkCache.open(dir, source, KEY)).isPresent();
    }

    @Test
    void aCacheRenamedToAnotherSourcesNameIsRefusedForItsKeyAndSource() throws IOException {
        build().close();
        Files.move(cacheFile(), ChunkCache.fileFor(dir, source, "csv"));
        assertThat(ChunkCache.open(dir, source, "csv")).isEmpty();
        assertThat(ChunkCache.lastRejection()).contains("made for format '" + KEY + "'");
    }

    @Test
    void aTruncatedCacheIsRefusedWhereverItIsCut() throws IOException {
        build().close();
        byte[] whole = Files.readAllBytes(cacheFile());
        for (int cut : new int[] {1, 8, 24, 100, whole.length / 2, whole.length - 1}) {
            try (RandomAccessFile f = new RandomAccessFile(cacheFile().toFile(), "rw")) {
                f.setLength(whole.length - cut);
            }
            assertThat(rejection()).as("cut %d", cut).containsAnyOf("truncated", "no trailer");
            Files.write(cacheFile(), whole);
        }
        assertThat(ChunkCache.open(dir, source, KEY)).isPresent();
    }

    @Test
    void aBitFlippedInAChunkFailsItsReadNamingFileAndChunk() throws IOException {
        build().close();
        CacheLayout.Entry third = readEntry(2);
        flipBit(third.offset() + 8L * third.rows() + 5); // a label of chunk 2
        ChunkCache.Cached c = ChunkCache.open(dir, source, KEY).orElseThrow();
        RowChunk into = new RowChunk(SPARSE, 0);
        c.read(1, into); // the others are fine
        assertSameRows(into, chunks.get(1));
        assertThatThrownBy(() -> c.read(2, into)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(cacheFile().toString()).hasMessageContaining("chunk 2")
                .hasMessageContaining("checksum").hasMessageContaining("delete it");
    }

    @Test
    void aBitFlippedInTheHeaderOrTrailerOrMagicIsRefused() throws IOException {
        build().close();
        byte[] whole = Files.readAllBytes(cacheFile());
        flipBit(whole.length - 40); // the last index entry
        assertThat(rejection()).contains("header checksum");
        Files.write(cacheFile(), whole);
        flipBit(whole.length - 20); // the trailer's header length
        assertThat(rejection()).contains("inconsistent with the file length");
        Files.write(cacheFile(), whole);
        flipBit(whole.length - 3); // the trailer's magic
        assertThat(rejection()).contains("no trailer");
        Files.write(cacheFile(), whole);
        flipBit(2);
        assertThat(rejection()).contains("bad magic");
        Files.write(cacheFile(), whole);
        flipBit(8); // version 1 -> 0
        assertThat(rejection()).contains("version 0");
    }

    @Test
    void anIndexThatDoesNotFitTheFileIsReported() {
        CacheLayout.Stamp stamp = new CacheLayout.Stamp(1, 2, 3);
        long payload = CacheLayout.payloadBytes(SPARSE, 2, 5); // 16 + 8 + 16 + 24 + 24 = 88
        assertThat(payload).isEqualTo(88);
        CacheLayout.Entry a = new CacheLayout.Entry(16, 2, 0, 5, 1, 1);
        CacheLayout.Entry b = new CacheLayout.Entry(16 + payload, 2, 0, 5, 1, 1);
        assertThat(CacheLayout.indexProblem(header(a, b), 16 + 2 * payload)).isEmpty();
        assertThat(CacheLayout.indexProblem(header(a, b), 16 + 2 * payload - 8)).contains("chunk 1 ends");
        CacheLayout.Entry overlapping = new CacheLayout.Entry(16 + payload - 8, 2, 0, 5, 1, 1);
        assertThat(CacheLayout.indexProblem(header(a, overlapping), 1000)).contains("overlaps");
        CacheLayout.Entry negative = new CacheLayout.Entry(16, -1, 0, 5, 1, 1);
        assertThat(CacheLayout.indexProblem(header(negative), 1000)).contains("impossible sizes");
        // the header itself survives its encoding
        CacheLayout.Header h = header(a, b);
        CacheLayout.Header back = CacheLayout.decodeHeader(java.nio.ByteBuffer.wrap(CacheLayout.encodeHeader(h)));
        assertThat(back.entries()).containsExactly(a, b);
        assertThat(back.stamp()).isEqualTo(stamp);
        assertThat(back.metadata()).containsExactly(Map.entry("k", "v"));
    }

    private static CacheLayout.Header header(CacheLayout.Entry... entries) {
        return new CacheLayout.Header(SPARSE, 9, new CacheLayout.Stamp(1, 2, 3), "/data/x.svm", KEY,
                Map.of("k", "v"), entries);
    }

    @Test
    void severalThreadsReadDifferentChunksAtOnce() throws Exception {
        build().close();
        ChunkCache.Cached c = ChunkCache.open(dir, source, KEY).orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int first = t;
                reads.add(pool.submit(() -> {
                    RowChunk into = new RowChunk(SPARSE, 0);
                    for (int k = 0; k < 200; k++) {
                        int i = (first + k) % chunks.size();
                        c.read(i, into);
                        assertSameRows(into, chunks.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : reads) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theWriterRefusesMisuse() {
        try (ChunkCache.Writer w = ChunkCache.create(dir, source, KEY, SPARSE, 2)) {
            w.add(chunks.get(0), 1);
            assertThatThrownBy(() -> w.add(chunks.get(0), 1)).hasMessageContaining("added twice");
            assertThatThrownBy(() -> w.add(chunks.get(3), 1)).hasMessageContaining("outside [0, 2)");
            RowChunk dense = randomChunk(RowChunk.Kind.DENSE, 1, 3, 4, new Random(1));
            assertThatThrownBy(() -> w.add(dense, 1)).hasMessageContaining("DENSE chunk in a SPARSE cache");
            assertThatThrownBy(() -> w.commit(20, Map.of())).hasMessageContaining("chunk 1 of 2 was never added");
        }
        try (ChunkCache.Writer w = ChunkCache.create(dir, source, "csv", RowChunk.Kind.DENSE, 2)) {
            Random random = new Random(3);
            w.add(randomChunk(RowChunk.Kind.DENSE, 0, 3, 4, random), 1);
            assertThatThrownBy(() -> w.add(randomChunk(RowChunk.Kind.DENSE, 1, 3, 5, random), 1))
                    .hasMessageContaining("has 5 features, earlier chunks 4");
        }
        assertThat(ChunkCache.open(dir, source, KEY)).isEmpty();
    }

    private CacheLayout.Entry readEntry(int chunk) throws IOException {
        byte[] whole = Files.readAllBytes(cacheFile());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(whole).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long headerOffset = b.getLong(whole.length - CacheLayout.TRAILER);
        int headerLength = b.getInt(whole.length - CacheLayout.TRAILER + 8);
        CacheLayout.Header h = CacheLayout.decodeHeader(b.slice((int) headerOffset, headerLength));
        return h.entries()[chunk];
    }

    private void flipBit(long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(cacheFile().toFile(), "rw")) {
            f.seek(at);
            int v = f.read();
            f.seek(at);
            f.write(v ^ 1);
        }
    }
}
