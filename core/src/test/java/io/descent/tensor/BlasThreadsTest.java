package io.descent.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** OpenBLAS's thread count from the environment, read as OpenBLAS reads it. */
class BlasThreadsTest {
    @Test
    void openBlasNumThreadsComesFirstThenGotoThenOpenMp() {
        assertThat(BlasThreads.openBlasThreads(Map.of())).isZero();
        assertThat(BlasThreads.openBlasThreads(Map.of("OMP_NUM_THREADS", "3"))).isEqualTo(3);
        assertThat(BlasThreads.openBlasThreads(Map.of("OMP_NUM_THREADS", "3", "GOTO_NUM_THREADS", "2"))).isEqualTo(2);
        assertThat(BlasThreads.openBlasThreads(Map.of("OMP_NUM_THREADS", "3", "GOTO_NUM_THREADS", "2",
                "OPENBLAS_NUM_THREADS", "1"))).isEqualTo(1);
    }

    @Test
    void valuesThatAreNotPositiveReadAsUnset() {
        assertThat(BlasThreads.openBlasThreads(Map.of("OPENBLAS_NUM_THREADS", "0", "OMP_NUM_THREADS", "2"))).isEqualTo(2);
        assertThat(BlasThreads.openBlasThreads(Map.of("OPENBLAS_NUM_THREADS", "many"))).isZero();
        assertThat(BlasThreads.openBlasThreads(Map.of("OPENBLAS_NUM_THREADS", " 4 "))).isEqualTo(4);
        assertThat(BlasThreads.openBlasThreads(Map.of("OPENBLAS_NUM_THREADS", "2x"))).as("atoi: leading digits").isEqualTo(2);
        assertThat(BlasThreads.openBlasThreads(Map.of("OPENBLAS_NUM_THREADS", "-1", "GOTO_NUM_THREADS", "1"))).isEqualTo(1);
    }
}
