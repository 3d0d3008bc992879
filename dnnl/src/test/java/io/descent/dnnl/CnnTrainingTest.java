package io.descent.dnnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench's CNN trained a few Adam steps with oneDNN's convolutions and, in another JVM, with
 * {@code DESCENT_BACKEND=blas} (im2col + BLAS everywhere): the same losses and parameters within float32
 * rounding, amplified a little by three steps of Adam (whose step size is nearly that of the gradient's sign).
 */
class CnnTrainingTest {
    @Test
    void oneDnnTrainsTheCnnAsBlasDoes() throws Exception {
        List<String> dnnl = run(null);
        List<String> blas = run("blas");

        assertThat(dnnl.get(0)).startsWith("oneDNN");
        assertThat(blas.get(0)).startsWith("BLAS (");
        assertThat(dnnl.get(1)).as("oneDNN convolves both layers").isEqualTo("true");
        assertThat(blas.get(1)).isEqualTo("false");
        assertThat(dnnl).hasSameSizeAs(blas);
        for (int step = 2; step <= CnnSteps.STEPS + 1; step++) {
            assertThat(Double.parseDouble(dnnl.get(step))).as("loss of step %d", step)
                    .isCloseTo(Double.parseDouble(blas.get(step)), within(1e-5));
        }
        double diff = 0;
        double norm = 0;
        double worst = 0;
        for (int i = CnnSteps.STEPS + 2; i < dnnl.size(); i++) {
            double a = Double.parseDouble(dnnl.get(i));
            double b = Double.parseDouble(blas.get(i));
            diff += (a - b) * (a - b);
            norm += b * b;
            worst = Math.max(worst, Math.abs(a - b));
        }
        assertThat(Math.sqrt(diff / norm)).as("relative distance of the parameters").isLessThan(5e-5);
        System.out.printf("CNN after %d steps: losses %s vs %s, parameters' relative distance %.2e, largest %.2e%n",
                CnnSteps.STEPS, dnnl.subList(2, CnnSteps.STEPS + 2), blas.subList(2, CnnSteps.STEPS + 2),
                Math.sqrt(diff / norm), worst);
        assertThat(worst).as("largest difference of one parameter").isLessThan(5e-4);
    }

    private static List<String> run(String backend) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CnnSteps.class.getName());
        builder.environment().remove("DESCENT_BACKEND");
        if (backend != null) {
            builder.environment().put("DESCENT_BACKEND", backend);
        }
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out.lines().toList();
    }
}
