package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.tensor.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmReaderTest {
    @TempDir
    Path dir;

    private static SparseDataset read(String text, LibSvmFormat format) {
        return LibSvmReader.read(text.getBytes(StandardCharsets.UTF_8), "data.svm", format);
    }

    private static void fails(String text, LibSvmFormat format, String... words) {
        assertThatThrownBy(() -> read(text, format)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("data.svm, line ").hasMessageContainingAll(words);
    }

    @Test
    void readsSparseRowsWithCommentsQidsAndBlankLines() {
        SparseDataset d = read("# a comment line\n+1 1:0.5 3:2\n-1 qid:7 2:1e-1\t4:-3 # trailing comment\n\n"
                + "1\n0.25 4:1\r\n", LibSvmFormat.DEFAULT);
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.numFeatures()).isEqualTo(4);
        assertThat(d.targets().toFloatArray()).containsExactly(1, -1, 1, 0.25f);
        assertThat(d.features().toDense(DType.FLOAT32).toFloatArray()).containsExactly(
                0.5f, 0, 2, 0,
                0, 0.1f, 0, -3,
                0, 0, 0, 0,
                0, 0, 0, 1);
        assertThat(d.features().nnz()).isEqualTo(5);
    }

    @Test
    void declaredFeaturesAndClassLabels() {
        SparseDataset d = read("2 1:1\n0 5:1\n", LibSvmFormat.DEFAULT.withFeatures(10).asClasses());
        assertThat(d.numFeatures()).isEqualTo(10);
        assertThat(d.numClasses()).isEqualTo(3);
        fails("1 11:1\n", LibSvmFormat.DEFAULT.withFeatures(10), "index 11 is above the 10 features declared");
        fails("1 1:1\n-1 2:1\n", LibSvmFormat.DEFAULT.asClasses(), "line 2", "not a class index");
    }

    @Test
    void badIndicesNameLineAndToken() {
        LibSvmFormat f = LibSvmFormat.DEFAULT;
        fails("1 1:1\n1 0:5\n", f, "line 2, character 3, token '0:5'", "1-based");
        fails("1 3:1 2:1\n", f, "line 1, character 7, token '2:1'", "index 2 after 3: indices must increase");
        fails("1 3:1 3:2\n", f, "index 3 after 3");
        fails("1 x:1\n", f, "token 'x:1'", "integer from 1");
        fails("1 -2:1\n", f, "token '-2:1'");
        fails("1 99999999999:1\n", f, "token '99999999999:1'");
        fails("1 4\n", f, "token '4'", "expected index:value");
        fails("1 2:abc\n", f, "token '2:abc'", "not a finite float");
        fails("1 2:\n", f, "token '2:'", "not a finite float");
        fails("yes 2:1\n", f, "line 1, character 1, token 'yes'", "label is not a finite number");
        fails("1 1:1 qid:3\n", f, "token 'qid:3'", "integer from 1");
        fails("1 qid:x 1:1\n", f, "qid must be");
    }

    @Test
    void readsFromAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("a.svm"), "1 2:3\n");
        assertThat(LibSvmReader.read(file, LibSvmFormat.DEFAULT).features().colIdx()).containsExactly(1);
        Path bad = Files.writeString(dir.resolve("b.svm"), "1 2:3\n1 1:1 1:2\n");
        assertThatThrownBy(() -> LibSvmReader.read(bad, LibSvmFormat.DEFAULT))
                .hasMessageStartingWith(bad + ", line 2, character 7");
    }
}
