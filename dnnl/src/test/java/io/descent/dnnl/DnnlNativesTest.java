package io.descent.dnnl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnnlNativesTest {
    @TempDir
    Path dir;

    @Test
    void extractsALibraryOnceAndReusesItAfterwards() throws Exception {
        Path first = DnnlNatives.extracted(dir, "libgomp.so.1");
        assertThat(first).isRegularFile();
        assertThat(Files.size(first)).isGreaterThan(100_000);
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(first, old);

        Path again = DnnlNatives.extracted(dir, "libgomp.so.1");

        assertThat(again).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(again)).isEqualTo(old);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("libgomp.so.1");
        }
    }

    @Test
    void replacesATruncatedCopy() throws Exception {
        Path full = DnnlNatives.extracted(dir, "libgomp.so.1");
        long size = Files.size(full);
        Files.write(full, new byte[] {1, 2, 3});

        Path fixed = DnnlNatives.extracted(dir, "libgomp.so.1");

        assertThat(Files.size(fixed)).isEqualTo(size);
    }

    @Test
    void namesTheMissingLibrary() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnnlNatives.extracted(dir, "libnothing.so"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("libnothing.so").hasMessageContaining("linux-x86_64 jar");
    }
}
