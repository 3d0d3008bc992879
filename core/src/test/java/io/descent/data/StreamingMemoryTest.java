package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.tensor.Rng;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data larger than memory: a child JVM with a 16 MB heap streams a generated LIBSVM file several times that
 * size, and must see every row exactly once.
 */
class StreamingMemoryTest {
    private static final int HEAP_MB = 16;
    private static final long FILE_BYTES = 72L << 20;
    private static final int FEATURES_PER_ROW = 20;

    @TempDir
    Path dir;

    /** What the generator wrote: rows, the sum of labels and of values, file size. */
    private record Written(long rows, double labelSum, double valueSum, long bytes) {
    }

    @Test
    void streamsAFileSeveralTimesTheHeapWithBoundedMemory() throws Exception {
        long t0 = System.nanoTime();
        Path file = dir.resolve("large.svm");
        Written w = generate(file);
        double generateSeconds = (System.nanoTime() - t0) / 1e9;

        Process child = new ProcessBuilder(javaBinary(), "-Xmx" + HEAP_MB + "m", "-XX:+UseSerialGC",
                "-cp", testClassPath(), StreamingChild.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        List<String> lines = output.lines().filter(l -> !l.startsWith("WARNING") && !l.contains("netlib")).toList();
        String[] f = lines.get(lines.size() - 1).trim().split(" ");
        long rows = Long.parseLong(f[0]);
        long maxHeap = Long.parseLong(f[3]);
        long peakHeap = Long.parseLong(f[4]);
        double seconds = Double.parseDouble(f[5]);
        System.out.printf("streamed %d MB (%d rows) in a %d MB heap: peak heap %d MB, %.1f s (%.0f rows/s, "
                + "one epoch); file generated in %.1f s%n", w.bytes() >> 20, rows, maxHeap >> 20,
                peakHeap >> 20, seconds, rows / seconds, generateSeconds);

        assertThat(w.bytes()).isGreaterThan(4 * maxHeap);
        assertThat(maxHeap).isLessThanOrEqualTo((long) HEAP_MB << 20);
        assertThat(rows).isEqualTo(w.rows());
        assertThat(Double.parseDouble(f[1])).isEqualTo(w.labelSum());
        assertThat(Double.parseDouble(f[2])).isCloseTo(w.valueSum(), within(1e-6 * w.rows()));
        assertThat(peakHeap).isLessThanOrEqualTo(maxHeap);
        Files.delete(file);
    }

    /** LIBSVM rows with labels ±1 and 20 increasing indices below 100000 with 6-digit values, written as bytes. */
    private static Written generate(Path file) throws IOException {
        Rng rng = new Rng(2024);
        byte[] buf = new byte[1 << 20];
        int pos = 0;
        long rows = 0;
        long bytes = 0;
        double labelSum = 0;
        double valueSum = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (bytes < FILE_BYTES) {
                if (pos > buf.length - 1024) {
                    out.write(buf, 0, pos);
                    bytes += pos;
                    pos = 0;
                }
                boolean positive = rng.nextInt(2) == 1;
                buf[pos++] = (byte) (positive ? '+' : '-');
                buf[pos++] = '1';
                labelSum += positive ? 1 : -1;
                int index = 0;
                for (int k = 0; k < FEATURES_PER_ROW; k++) {
                    index += 1 + rng.nextInt(5000);
                    int micro = rng.nextInt(1_000_000);
                    buf[pos++] = ' ';
                    pos = writeInt(buf, pos, index);
                    buf[pos++] = ':';
                    buf[pos++] = '0';
                    buf[pos++] = '.';
                    for (int d = 100_000; d >= 1; d /= 10) {
                        buf[pos++] = (byte) ('0' + micro / d % 10);
                    }
                    valueSum += micro / 1e6f; // correctly rounded, as the reader parses "0.dddddd"
                }
                buf[pos++] = '\n';
                rows++;
            }
            out.write(buf, 0, pos);
            bytes += pos;
        }
        return new Written(rows, labelSum, valueSum, bytes);
    }

    private static int writeInt(byte[] buf, int pos, int v) {
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return pos;
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
