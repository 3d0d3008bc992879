package io.descent.bench.jmh;

import io.descent.data.ChunkCache;
import io.descent.data.CsrMatrix;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.RowChunk;
import io.descent.data.SparseDataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the same sparse rows from the binary cache ({@link ChunkCache}, memory-mapped, CRC32C checked) versus
 * parsing them from LIBSVM text with {@link LibSvmReader}. The file is generated at setup: {@code rows} rows of
 * 30 non-zeros among 100,000 columns, labels +1/-1, values with 6 significant digits (about 460 bytes a line),
 * cut into chunks of 10,000 rows. Both benchmarks handle every row once per operation, so MB/s of source text =
 * {@code textBytes / time}; the setup prints the sizes. The cache file stays in the page cache after its first
 * read, which is the case a second epoch or a second run meets.
 *
 * <p>Measured (2 shared cores under load ~7, {@code java -jar bench/target/descent-benchmarks.jar
 * CacheReadBenchmark -wi 2 -i 3 -w 2 -r 2}): 100,000 rows, text 45.8 MB, cache 25.6 MB; parseText 393 ms
 * (117 MB/s of text), readCache 4.0 ms (11 GB/s of text, 6.4 GB/s of cache file): about 100x.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class CacheReadBenchmark {
    private static final int FEATURES = 100_000;
    private static final int NNZ_PER_ROW = 30;
    private static final int CHUNK_ROWS = 10_000;

    @Param({"100000"})
    public int rows;

    private Path dir;
    private Path text;
    private ChunkCache.Cached cache;
    private final RowChunk into = new RowChunk(RowChunk.Kind.SPARSE, 0);

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("descent-cache-bench");
        text = dir.resolve("train.svm");
        writeLibSvm(text, rows, new Random(1));
        SparseDataset parsed = LibSvmReader.read(text, LibSvmFormat.DEFAULT);
        cache = writeCache(parsed);
        System.out.printf("%ntext %.1f MB, cache %.1f MB, %d chunks%n", Files.size(text) / 1e6,
                Files.size(cache.file()) / 1e6, cache.chunks());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        cache.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public SparseDataset parseText() {
        return LibSvmReader.read(text, LibSvmFormat.DEFAULT);
    }

    @Benchmark
    public long readCache() {
        long nnz = 0;
        for (int i = 0; i < cache.chunks(); i++) {
            cache.read(i, into);
            nnz += into.nnz();
        }
        return nnz;
    }

    private static void writeLibSvm(Path file, int rows, Random random) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            int[] cols = new int[NNZ_PER_ROW];
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < rows; r++) {
                line.setLength(0);
                line.append(random.nextBoolean() ? "+1" : "-1");
                for (int k = 0; k < NNZ_PER_ROW; k++) {
                    cols[k] = random.nextInt(FEATURES / NNZ_PER_ROW) + k * (FEATURES / NNZ_PER_ROW); // increasing
                }
                for (int c : cols) {
                    line.append(' ').append(c + 1).append(':').append(String.format("%.6g", random.nextGaussian()));
                }
                out.append(line).append('\n');
            }
        }
    }

    /** The parsed rows, cut into chunks as the streaming parser cuts them, written as a cache next to the text. */
    private ChunkCache.Cached writeCache(SparseDataset parsed) {
        CsrMatrix x = parsed.features();
        float[] labels = parsed.targets().toFloatArray();
        int chunks = (x.rows() + CHUNK_ROWS - 1) / CHUNK_ROWS;
        RowChunk chunk = new RowChunk(RowChunk.Kind.SPARSE, x.cols());
        try (ChunkCache.Writer w = ChunkCache.create(dir.resolve("cache"), text, "libsvm", RowChunk.Kind.SPARSE,
                chunks)) {
            for (int i = 0; i < chunks; i++) {
                chunk.reset(i, 1L + (long) i * CHUNK_ROWS);
                for (int r = i * CHUNK_ROWS; r < Math.min(x.rows(), (i + 1) * CHUNK_ROWS); r++) {
                    int from = x.rowPtr()[r];
                    chunk.addSparse(r, labels[r], x.colIdx(), x.values(), from, x.rowPtr()[r + 1] - from);
                }
                w.add(chunk, 0);
            }
            return w.commit(x.cols(), Map.of());
        }
    }
}
