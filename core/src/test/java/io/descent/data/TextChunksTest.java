package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextChunksTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    /** Byte offsets of the lines of {@code text} that hold a row (not blank, not the header). */
    private static List<Long> rowOffsets(String text, boolean header) {
        List<Long> out = new ArrayList<>();
        long at = 0;
        boolean first = true;
        for (String line : text.split("\n", -1)) {
            if (!(first && header) && !line.isBlank()) {
                out.add(at);
            }
            first = false;
            at += line.length() + 1;
        }
        return out;
    }

    private static List<Long> keysInChunkOrder(ChunkSource src, List<Float> labels) {
        List<Long> keys = new ArrayList<>();
        RowChunk c = new RowChunk(src.kind(), src.features());
        for (int i = src.chunks() - 1; i >= 0; i--) { // backwards: any order reads the same rows
            src.read(i, c);
            List<Long> chunkKeys = new ArrayList<>();
            List<Float> chunkLabels = new ArrayList<>();
            for (int r = 0; r < c.rows(); r++) {
                chunkKeys.add(c.keys()[r]);
                chunkLabels.add(c.labels()[r]);
            }
            keys.addAll(0, chunkKeys);
            labels.addAll(0, chunkLabels);
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7, 16, 29, 1000})
    void everyLibSvmLineLandsInExactlyOneChunkKeyedByItsOffset(int chunkBytes) throws IOException {
        String text = "1 1:0.5 3:2\n-1 2:1\n\n+1 4:0.25 # four\n-1 1:1 2:2 3:3\n1 5:1";
        Path f = write("a.svm", text);
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT, chunkBytes)) {
            assertThat(src.chunks()).isEqualTo((text.length() + chunkBytes - 1) / chunkBytes);
            assertThat(src.features()).isEqualTo(5);
            assertThat(src.featuresScanned()).isTrue();
            List<Float> labels = new ArrayList<>();
            assertThat(keysInChunkOrder(src, labels)).containsExactlyElementsOf(rowOffsets(text, false));
            assertThat(labels).containsExactly(1f, -1f, 1f, -1f, 1f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 11, 64})
    void csvChunksSkipTheHeaderAndKeepFileOrder(int chunkBytes) throws IOException {
        String text = "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n";
        Path f = write("a.csv", text);
        try (TextChunks src = TextChunks.csv(f, CsvFormat.label("label").asClasses(), chunkBytes)) {
            assertThat(src.features()).isEqualTo(2);
            List<Float> labels = new ArrayList<>();
            assertThat(keysInChunkOrder(src, labels)).containsExactlyElementsOf(rowOffsets(text, true));
            assertThat(labels).containsExactly(0f, 1f, 0f, 1f);
            RowChunk c = new RowChunk(src.kind(), 2);
            float last = Float.NaN;
            for (int i = 0; i < src.chunks(); i++) {
                src.read(i, c);
                if (c.rows() > 0) {
                    last = c.x()[(c.rows() - 1) * 2 + 1];
                }
            }
            assertThat(last).isEqualTo(8f);
        }
    }

    @Test
    void aDeclaredWidthIsUsedAndEnforced() throws IOException {
        Path f = write("w.svm", "1 1:1\n1 9:1\n");
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT.withFeatures(4), 1 << 20)) {
            assertThat(src.features()).isEqualTo(4);
            assertThat(src.featuresScanned()).isFalse();
            assertThatThrownBy(() -> src.read(0, new RowChunk(RowChunk.Kind.SPARSE, 4)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2").hasMessageContaining("index 9");
        }
    }

    @Test
    void aBadLineInAChunkReadOutOfOrderNamesItsLineInTheFile() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            sb.append(i == 157 ? "1 3:x\n" : "1 1:0.5 2:1\n");
        }
        Path f = write("bad.svm", sb.toString());
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT, 64)) {
            int chunk = (int) (156L * "1 1:0.5 2:1\n".length() / 64);
            assertThatThrownBy(() -> src.read(chunk, new RowChunk(RowChunk.Kind.SPARSE, src.features())))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining("line 157,");
        }
    }

    @Test
    void aCsvRowWithTheWrongFieldCountFarIntoTheFileNamesItsLine() throws IOException {
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 2; i <= 300; i++) {
            sb.append(i == 250 ? "1,2\n" : "1,2,0\n");
        }
        Path f = write("bad.csv", sb.toString());
        try (TextChunks src = TextChunks.csv(f, CsvFormat.label("label"), 100)) {
            RowChunk c = new RowChunk(RowChunk.Kind.DENSE, 2);
            InvalidInputException e = null;
            for (int i = src.chunks() - 1; i >= 0 && e == null; i--) {
                try {
                    src.read(i, c);
                } catch (InvalidInputException x) {
                    e = x;
                }
            }
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("line 250").contains("2 fields, expected 3");
        }
    }

    @Test
    void aLastLineCutMidRowFailsWithItsLineNumber() throws IOException {
        Path svm = write("cut.svm", "1 1:1 2:2\n-1 1:1 2:");
        try (TextChunks src = TextChunks.libsvm(svm, LibSvmFormat.DEFAULT, 1 << 20)) {
            assertThatThrownBy(() -> src.read(0, new RowChunk(RowChunk.Kind.SPARSE, 2)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2");
        }
        Path csv = write("cut.csv", "a,b,c\n1,2,3\n4,5");
        try (TextChunks src = TextChunks.csv(csv, CsvFormat.label(-1).withHeader(true), 4)) {
            RowChunk c = new RowChunk(RowChunk.Kind.DENSE, 2);
            assertThatThrownBy(() -> {
                for (int i = 0; i < src.chunks(); i++) {
                    src.read(i, c);
                }
            }).isInstanceOf(InvalidInputException.class).hasMessageContaining("line 3");
        }
    }

    @Test
    void aFileThatChangedSinceOpeningIsRefused() throws IOException {
        Path f = write("c.svm", "1 1:1\n-1 2:1\n");
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT, 4)) {
            RowChunk c = new RowChunk(RowChunk.Kind.SPARSE, 2);
            src.read(0, c);
            Files.writeString(f, "1 1:1\n-1 2:1\n1 1:2\n");
            assertThatThrownBy(() -> src.read(1, c)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("the file changed while streaming");
        }
        try (TextChunks src = TextChunks.libsvm(f, LibSvmFormat.DEFAULT, 4)) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
            assertThatThrownBy(() -> src.read(0, new RowChunk(RowChunk.Kind.SPARSE, 2)))
                    .hasMessageContaining("the file changed while streaming");
        }
    }
}
