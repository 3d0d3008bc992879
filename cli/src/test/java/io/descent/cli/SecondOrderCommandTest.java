package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** newton_cg and saddle_free from the command line: train (full-batch), toy (the closed forms on the saddle), compare. */
class SecondOrderCommandTest {

    @Test
    void trainRunsBothFullBatchOnAFloat32Model(@TempDir Path dir) {
        for (String opt : new String[] {"newton_cg(gauss_newton=true, max_cg=10)", "newton_cg(max_cg=10)",
            "saddle_free(krylov=8)"}) {
            CliTestSupport.Result r = CliTestSupport.run("train", "--data", "blobs(n=400, classes=2)", "--model", "linear",
                    "--loss", "log", "--optimizer", opt, "--epochs", "4", "--save", dir.resolve("m.safetensors").toString());
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(Double.parseDouble(r.lastLine().split(" ")[2])).as(opt).isGreaterThan(0.95);
        }
    }

    @Test
    void onTheSaddleNewtonIsDrawnInAndSaddleFreeNewtonEscapes(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("saddle.csv");
        String newton = "saddle_free(krylov=2, damping=0, line_search=false, absolute=false)";
        String free = "saddle_free(krylov=2, damping=0, line_search=false)";
        CliTestSupport.Result r = CliTestSupport.run("toy", "--function", "saddle", "--optimizer", newton, "--optimizer",
                free, "--start", "0.5,0.6", "--steps", "5", "--csv", csv.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, 13)) {
            rows.add(splitCsv(line));
        }
        for (int i = 0; i <= 5; i++) {
            String[] n = rows.get(i);
            String[] s = rows.get(6 + i);
            assertThat(Double.parseDouble(n[2])).isCloseTo(0.5 * Math.pow(2.0 / 3, i), within(1e-12));
            assertThat(Double.parseDouble(n[3])).isCloseTo(0.6 * Math.pow(2.0 / 3, i), within(1e-12));
            assertThat(Double.parseDouble(s[2])).isCloseTo(0.5 * Math.pow(4.0 / 3, i), within(1e-12));
            assertThat(Double.parseDouble(s[3])).isCloseTo(0.6 * Math.pow(2.0 / 3, i), within(1e-12));
        }
    }

    private static String[] splitCsv(String line) {
        // the method's name is quoted (it has commas): the numbers are the last four fields
        String[] parts = line.split(",");
        int n = parts.length;
        return new String[] {"", parts[n - 4], parts[n - 3], parts[n - 2], parts[n - 1]};
    }

    @Test
    void compareTakesNewtonCg() {
        CliTestSupport.Result r = CliTestSupport.run("compare", "--data", "moons(n=300)", "--model", "mlp(8)",
                "--optimizer", "adam(lr=0.01)", "--optimizer", "newton_cg(gauss_newton=true, max_cg=10)", "--epochs", "3");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("newton_cg(gauss_newton=true, max_cg=10) ");
    }

    @Test
    void badSpecsAreRefusedNamingTheProblem() {
        assertThat(CliTestSupport.run("toy", "--function", "saddle", "--optimizer", "newton_cg(gauss_newton=true)",
                "--start", "1,1").err()).contains("gauss_newton=true needs a model's output");
        assertThat(CliTestSupport.run("toy", "--function", "saddle", "--optimizer", "saddle_free(krylov=0)",
                "--start", "1,1").err()).contains("krylov");
        assertThat(CliTestSupport.run("toy", "--function", "saddle", "--optimizer", "newton_cg(cg_tol=2)",
                "--start", "1,1").err()).contains("cg_tol");
        assertThat(CliTestSupport.run("toy", "--function", "saddle", "--optimizer", "saddle_free", "--start", "1,1",
                "--dtype", "float32").err()).contains("saddle_free runs in float64");
        assertThat(CliTestSupport.run("toy", "--function", "saddle", "--optimizer", "newton_cg(lr=1)",
                "--start", "1,1").err()).contains("lr");
    }
}
