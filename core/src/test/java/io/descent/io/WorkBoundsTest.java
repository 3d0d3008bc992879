package io.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.ThreadMXBean;
import io.descent.InvalidInputException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, item 8: a small file cannot make a reader do work out of proportion to what a real file needs: a
 * header of a million metadata keys, an architecture of a million children.
 */
class WorkBoundsTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static Path rawFile(Path dir, String header) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return Files.write(dir.resolve("forged.safetensors"), b.array());
    }

    private static long allocatedBy(Runnable r) {
        long before = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        r.run();
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    @Test
    void aHeaderOfAMillionMetadataKeysIsRefusedAfterTheFirstTenThousandAndOne(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder(20 << 20).append("{\"__metadata__\":{");
        for (int i = 0; i < 1_000_000; i++) {
            sb.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        Path file = rawFile(dir, sb.append("}}").toString());
        assertThat(Files.size(file)).isGreaterThan(10 << 20);
        long[] took = new long[1];
        long allocated = allocatedBy(() -> {
            long start = System.nanoTime();
            assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(InvalidInputException.class)
                    .hasMessage(file + ", __metadata__: more than 10000 entries; Descent reads files of at most that many");
            took[0] = System.nanoTime() - start;
        });
        // The header's bytes are read once (about 15 MB); a tree of a million entries took hundreds of MB.
        assertThat(allocated).as("bytes allocated").isLessThan(Files.size(file) + (16 << 20));
        assertThat(took[0] / 1e9).as("seconds").isLessThan(5);
    }

    @Test
    void aHeaderOfMoreTensorEntriesThanTheBoundIsRefusedBeforeItsTreeIsBuilt(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i <= SafeTensors.MAX_TENSORS; i++) {
            sb.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{}");
        }
        Path file = rawFile(dir, sb.append('}').toString());
        assertThatThrownBy(() -> SafeTensors.read(file)).hasMessage(file + ", header: more than " + SafeTensors.MAX_TENSORS
                + " tensors; Descent reads files of at most that many");
    }

    @Test
    void anArchitectureOfAMillionChildrenIsRefusedBeforeItIsBuiltWithAShortLine() {
        StringBuilder sb = new StringBuilder("{\"type\":\"Sequential\",\"children\":[");
        for (int i = 0; i < 1_240_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"ReLU\"}");
        }
        String huge = sb.append("]}").toString();
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> ArchitectureJson.read(huge))
                .hasMessage("the architecture has " + huge.length() + " characters; at most 1048576 (1 MiB) describe any "
                        + "model"));
        assertThat(allocated).as("bytes allocated").isLessThan(1 << 20);
        // Under the size bound, the module count stops it: at the 10001st module, with a line of one sentence.
        StringBuilder many = new StringBuilder("{\"type\":\"Sequential\",\"children\":[");
        for (int i = 0; i < 20_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"ReLU\"}");
        }
        String json = many.append("]}").toString();
        assertThat(json.length()).isLessThan(ArchitectureJson.MAX_CHARS);
        assertThatThrownBy(() -> ArchitectureJson.read(json))
                .hasMessage("children[9999]: more than 10000 modules; no model has as many");
    }

    @Test
    void aModelFileWithAHugeArchitectureIsRefusedWithOneShortLine(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("{\"type\":\"Sequential\",\"children\":[");
        for (int i = 0; i < 200_000; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"ReLU\"}");
        }
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, Map.of(), Map.of(ModelFile.FORMAT, ModelFile.MODEL, ModelFile.VERSION,
                ModelFile.VERSION_1, ModelFile.ARCHITECTURE, sb.append("]}").toString()));
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("characters; at most 1048576")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(300));
    }
}
