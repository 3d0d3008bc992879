package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWriterFailingHalfWayLeavesTheOldFileWholeAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("index.html");
        Files.writeString(file, "old page");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("new half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("old page");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theNewFileGetsItsDirectoryAndTheModeOfAnyNewFileNotATemporaryFilesPrivateOne() throws Exception {
        Path file = dir.resolve("sub").resolve("a.txt");
        AtomicFiles.write(file, out -> out.write(1));
        assertThat(Files.readAllBytes(file)).containsExactly(1);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Path plain = Files.createFile(dir.resolve("plain.txt"));
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(plain));
        }
    }
}
