package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed in the middle of writing its cache: while it lives, its temporary file is locked and left alone by
 * another process's {@code create}; once it is dead, nothing it wrote is ever opened, and the next {@code create}
 * removes the leftover.
 */
class ChunkCacheCrashTest {
    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesNoCacheAndItsLeftoverIsRemovedAfterItDies() throws Exception {
        Path source = ChunkCacheFixtures.writeSource(dir, "data.csv", "a,b\n1,2\n");
        Path cacheDir = dir.resolve("cache");
        Process child = new ProcessBuilder(javaBinary(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", testClassPath(),
                ChunkCacheCrashChild.class.getName(), cacheDir.toString(), source.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("ready"));
            assertThat(line).as("the child got its writer started").isEqualTo("ready");
            List<Path> childTemp = files(cacheDir);
            assertThat(childTemp).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".tmp"));

            assertThat(ChunkCache.open(cacheDir, source, "crash")).isEmpty();
            ChunkCache.create(cacheDir, source, "crash", RowChunk.Kind.DENSE, 1).close();
            assertThat(files(cacheDir)).as("a live writer's file stays").containsExactlyElementsOf(childTemp);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(ChunkCache.open(cacheDir, source, "crash")).isEmpty();
        assertThat(ChunkCache.lastRejection()).contains("no cache yet");
        try (ChunkCache.Writer w = ChunkCache.create(cacheDir, source, "crash", RowChunk.Kind.DENSE, 1)) {
            w.add(ChunkCacheFixtures.randomChunk(RowChunk.Kind.DENSE, 0, 5, 8, new Random(2)), 10);
            w.commit(8, Map.of()).close();
        }
        assertThat(files(cacheDir)).containsExactly(ChunkCache.fileFor(cacheDir, source, "crash"));
        assertThat(ChunkCache.open(cacheDir, source, "crash")).isPresent();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire runs tests from a manifest-only jar; it also passes the real class path in this property. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }
}
