package io.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.cli.Descent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code descent tune --scheduler asha --parallel 2}: one Spark task per trial segment ({@link SparkTrialCluster},
 * found through META-INF/services) gives the trials, epochs and scores of threads in one process, best trial included.
 */
class TuneOnSparkCommandTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void shared() {
        TestSpark.local();
    }

    @Test
    void ashaOnSparkAgreesWithAshaOnThreads() throws Exception {
        String[] common = {"tune", "--data", "blobs(n=400)", "--model", "mlp(8)", "--batch-size", "32", "--seed", "5",
            "--optimizer", "sgd", "--random", "lr=log:1e-3:1", "--random", "momentum=0,0.9", "--trials", "9",
            "--epochs", "9", "--scheduler", "asha", "--parallel", "2"};
        StringWriter threads = new StringWriter();
        StringWriter onSpark = new StringWriter();
        StringWriter err = new StringWriter();
        Path a = dir.resolve("threads.csv");
        Path b = dir.resolve("spark.csv");
        assertThat(Descent.run(concat(common, "--csv", a.toString()), new PrintWriter(threads, true),
                new PrintWriter(err, true))).as(err.toString()).isZero();
        assertThat(Descent.run(concat(common, "--csv", b.toString(), "--spark", TestSpark.MASTER),
                new PrintWriter(onSpark, true), new PrintWriter(err, true))).as(err.toString()).isZero();
        assertThat(onSpark.toString()).contains("on Spark (" + TestSpark.MASTER + ")");
        assertThat(last(onSpark.toString())).startsWith("best: trial ").isEqualTo(last(threads.toString()));
        assertThat(withoutSeconds(Files.readAllLines(b))).isEqualTo(withoutSeconds(Files.readAllLines(a)))
                .hasSize(10);
    }

    private static List<String> withoutSeconds(List<String> csv) {
        return csv.stream().map(l -> l.replaceAll(",[0-9.eE-]+,(true|false)$", ",$1")).toList();
    }

    private static String last(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
