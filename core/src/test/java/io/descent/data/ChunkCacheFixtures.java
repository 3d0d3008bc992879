package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** Random chunks, a chunk's copy, comparisons and temporary directories for the cache tests. */
final class ChunkCacheFixtures {
    private ChunkCacheFixtures() {
    }

    /** A chunk of {@code rows} random rows; sparse rows get up to {@code features} increasing columns. */
    static RowChunk randomChunk(RowChunk.Kind kind, int index, int rows, int features, Random random) {
        RowChunk c = new RowChunk(kind, features);
        c.reset(index, 1 + 1000L * index);
        float[] dense = new float[features];
        int[] cols = new int[features];
        float[] vals = new float[features];
        for (int r = 0; r < rows; r++) {
            long key = random.nextLong();
            float label = random.nextInt(3) - 1;
            if (kind == RowChunk.Kind.DENSE) {
                for (int j = 0; j < features; j++) {
                    dense[j] = (float) random.nextGaussian();
                }
                c.addDense(key, label, dense, 0);
            } else {
                int n = 0;
                for (int j = 0; j < features; j++) {
                    if (random.nextInt(4) == 0) {
                        cols[n] = j;
                        vals[n++] = (float) random.nextGaussian();
                    }
                }
                c.addSparse(key, label, cols, vals, 0, n);
            }
        }
        return c;
    }

    /** Asserts that {@code actual} holds the rows of {@code expected}, with its index and first line. */
    static void assertSameRows(RowChunk actual, RowChunk expected) {
        int n = expected.rows();
        assertThat(actual.index()).isEqualTo(expected.index());
        assertThat(actual.firstLine()).isEqualTo(expected.firstLine());
        assertThat(actual.rows()).isEqualTo(n);
        assertThat(actual.nnz()).isEqualTo(expected.nnz());
        assertThat(Arrays.copyOf(actual.keys(), n)).isEqualTo(Arrays.copyOf(expected.keys(), n));
        assertThat(Arrays.copyOf(actual.labels(), n)).isEqualTo(Arrays.copyOf(expected.labels(), n));
        int nnz = (int) expected.nnz();
        if (expected.kind() == RowChunk.Kind.DENSE) {
            assertThat(Arrays.copyOf(actual.x(), nnz)).isEqualTo(Arrays.copyOf(expected.x(), nnz));
        } else {
            assertThat(Arrays.copyOf(actual.rowPtr(), n + 1)).isEqualTo(Arrays.copyOf(expected.rowPtr(), n + 1));
            assertThat(Arrays.copyOf(actual.cols(), nnz)).isEqualTo(Arrays.copyOf(expected.cols(), nnz));
            assertThat(Arrays.copyOf(actual.vals(), nnz)).isEqualTo(Arrays.copyOf(expected.vals(), nnz));
        }
    }

    static Path writeSource(Path dir, String name, String text) throws IOException {
        Path source = dir.resolve(name);
        Files.writeString(source, text);
        return source;
    }

    /** For jqwik properties, which get no {@code @TempDir}. */
    static Path tempDir() {
        try {
            return Files.createTempDirectory("descent-cache-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
