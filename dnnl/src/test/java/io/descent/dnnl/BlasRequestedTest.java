package io.descent.dnnl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend is chosen once per JVM, so each choice is checked in a JVM of its own. */
class BlasRequestedTest {
    @Test
    void withTheModuleOnTheClassPathOneDnnRuns() throws Exception {
        assertThat(describe(List.of(), null)).startsWith("oneDNN");
    }

    @Test
    void thePropertyKeepsBlas() throws Exception {
        assertThat(describe(List.of("-Ddescent.backend=blas"), null)).startsWith("BLAS (");
    }

    @Test
    void theEnvironmentKeepsBlas() throws Exception {
        assertThat(describe(List.of(), "BLAS")).startsWith("BLAS (");
    }

    private static String describe(List<String> options, String environment) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(options);
        command.add(PrintBackend.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("DESCENT_BACKEND");
        if (environment != null) {
            builder.environment().put("DESCENT_BACKEND", environment);
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
