package io.descent.bench.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DjlWorkloadTest {
    private static final Path FMNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** A few steps of logistic regression on libtorch: the RESULT line the bench reads, a loss below chance's. */
    @Test
    void trainsAFewStepsAndPrintsTheResultLine() throws Exception {
        assumeTrue(Files.isDirectory(FMNIST), "Fashion-MNIST (dataset-fashion-mnist) is not installed");
        System.setProperty("offline", "true");   // libtorch from the class path, never a download
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            DjlWorkload.main(new String[] {"logreg-adam", "--warmup", "2", "--steps", "20", "--threads", "1"});
        } finally {
            System.setOut(saved);
        }
        String line = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow();
        assertThat(line).matches("RESULT samples_per_s=[0-9.]+ peak_rss_mb=[0-9.]+ loss=[0-9.]+ seconds=[0-9.]+ "
                + "samples=2560 threads=1");
        double loss = Double.parseDouble(line.replaceAll(".* loss=([0-9.]+) .*", "$1"));
        assertThat(loss).isLessThan(Math.log(10)).isGreaterThan(0);
    }
}
