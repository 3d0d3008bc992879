package io.descent.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.data.CsrMatrix;
import io.descent.data.LibSvmFormat;
import io.descent.data.LibSvmReader;
import io.descent.data.SparseDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmFileGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void writesRowsDescentReadsWithDistinctAscendingIndicesAndBothLabels() throws IOException {
        Path file = dir.resolve("a.svm");
        long bytes = new LibSvmFileGenerator(1000, 30, 7).write(file, 2000);
        assertThat(bytes).isEqualTo(Files.size(file));
        SparseDataset d = LibSvmReader.read(file, LibSvmFormat.DEFAULT);
        assertThat(d.size()).isEqualTo(2000);
        CsrMatrix x = d.features();
        assertThat(x.nnz()).isEqualTo(2000 * 30);
        for (int i = 0; i < x.rows(); i++) {
            for (int k = x.rowPtr()[i] + 1; k < x.rowPtr()[i + 1]; k++) {
                assertThat(x.colIdx()[k]).isGreaterThan(x.colIdx()[k - 1]).isLessThan(1000);
            }
        }
        long positive = Files.readAllLines(file).stream().filter(l -> l.startsWith("+1 ")).count();
        long negative = Files.readAllLines(file).stream().filter(l -> l.startsWith("-1 ")).count();
        assertThat(positive + negative).isEqualTo(2000);
        assertThat(positive).as("the planted rule splits the rows").isBetween(600L, 1400L);
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOthers() throws IOException {
        Path a = dir.resolve("a.svm");
        Path b = dir.resolve("b.svm");
        Path c = dir.resolve("c.svm");
        new LibSvmFileGenerator(500, 5, 3).write(a, 100);
        new LibSvmFileGenerator(500, 5, 3).write(b, 100);
        new LibSvmFileGenerator(500, 5, 4).write(c, 100);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b)).isNotEqualTo(Files.readAllBytes(c));
    }
}
