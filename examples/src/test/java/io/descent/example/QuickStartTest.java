package io.descent.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.nn.Predictor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickStartTest {
    /** Surefire runs in the module's directory, so the README is one folder up. */
    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "main", "java", "io", "descent", "example", "QuickStart.java");

    @TempDir
    Path dir;

    @Test
    void theLoadedModelPredictsTheNewPointsAsTheTrainedOneDid() throws IOException {
        QuickStart.Result r = QuickStart.run(dir);
        assertThat(dir.resolve("moons.safetensors")).isRegularFile();
        assertThat(r.accuracy()).isGreaterThan(0.95);
        float[] trained = Predictor.predict(r.trained(), r.fresh().features(), 100).toFloatArray();
        float[] loaded = Predictor.predict(r.loaded(), r.fresh().features(), 100).toFloatArray();
        assertThat(loaded).containsExactly(trained);
    }

    @Test
    void theReadmeShowsExactlyTheExamplesCode() throws IOException {
        String body = between(Files.readString(SOURCE), "        // README:begin\n", "        // README:end\n");
        String example = Arrays.stream(body.split("\n", -1))
                .map(line -> line.startsWith("        ") ? line.substring(8) : line)
                .collect(Collectors.joining("\n"));
        String block = between(Files.readString(README), "<!-- QuickStart: begin -->\n", "<!-- QuickStart: end -->");
        assertThat(example).contains("Models.mlp(").contains("ModelFile.load(");
        assertThat(block).isEqualTo("```java\n" + example + "```\n");
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin);
        int to = text.indexOf(end, from + 1);
        assertThat(from).as("marker %s", begin.strip()).isNotNegative();
        assertThat(to).as("marker %s", end.strip()).isGreaterThan(from);
        return text.substring(from + begin.length(), to);
    }
}
