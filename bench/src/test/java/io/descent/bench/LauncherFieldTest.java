package io.descent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LauncherFieldTest {
    @Test
    void aNameInWordsTravelsAsOneResultFieldAndComesBackWhole() {
        String name = "oneDNN 3.11 (avx512_core)";
        String field = Launcher.field(name);
        assertThat(field).doesNotContainPattern("\\s");
        assertThat(("RESULT gflops=1.0 backend=" + field + " threads=descent:2").substring(7).split("\\s+"))
                .containsExactly("gflops=1.0", "backend=" + field, "threads=descent:2");
        assertThat(Launcher.words(field)).isEqualTo(name);
    }

    @Test
    void aFieldAnOlderRunDidNotPrintStaysAbsent() {
        assertThat(Launcher.words(null)).isNull();
    }
}
