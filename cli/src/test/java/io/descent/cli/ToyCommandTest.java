package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.objective.Beale;
import io.descent.objective.Method;
import io.descent.objective.Stopping;
import io.descent.objective.Trajectories;
import io.descent.objective.Trajectory;
import io.descent.optim.AdamConfig;
import io.descent.optim.LbfgsConfig;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToyCommandTest {

    @Test
    void theCsvMatchesTheLibrarysOptimizersRunDirectlyAndThePlotIsAnImage(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("paths.csv");
        Path png = dir.resolve("paths.png");
        CliTestSupport.Result r = CliTestSupport.run("toy", "--function", "beale", "--optimizer", "sgd(lr=0.01, momentum=0.9)",
                "--optimizer", "adam(lr=0.1)", "--optimizer", "newton", "--optimizer", "lbfgs(history_size=10, max_iter=1)",
                "--start", "1,1.5", "--steps", "50", "--csv", csv.toString(), "--plot", png.toString());
        assertThat(r.status()).as(r.err()).isZero();

        List<Trajectory> direct = List.of(
                Trajectories.run(Method.firstOrder("sgd", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(0.01).withMomentum(0.9))),
                        new Beale(), new double[] {1, 1.5}, Stopping.afterSteps(50)),
                Trajectories.run(Method.firstOrder("adam", ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(0.1))),
                        new Beale(), new double[] {1, 1.5}, Stopping.afterSteps(50)),
                Trajectories.run(Method.newton(NewtonConfig.defaults()), new Beale(), new double[] {1, 1.5}, Stopping.afterSteps(50)),
                Trajectories.run(Method.withClosure("lbfgs", ps -> Optimizers.lbfgs(ps,
                        LbfgsConfig.defaults().withHistorySize(10).withMaxIter(1))), new Beale(), new double[] {1, 1.5},
                        Stopping.afterSteps(50)));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("optimizer,step,x,y,f");
        int row = 1;
        String[] names = {"\"sgd(lr=0.01, momentum=0.9)\"", "adam(lr=0.1)", "newton", "\"lbfgs(history_size=10, max_iter=1)\""};
        for (int k = 0; k < direct.size(); k++) {
            Trajectory t = direct.get(k);
            for (int i = 0; i < t.points().size(); i++) {
                String expected = names[k] + "," + i + "," + t.points().get(i)[0] + "," + t.points().get(i)[1] + ","
                        + t.values()[i];
                assertThat(lines.get(row++)).isEqualTo(expected);
            }
        }
        assertThat(row).isEqualTo(lines.size());
        assertThat(lines.get(1)).isEqualTo("\"sgd(lr=0.01, momentum=0.9)\",0,1.0,1.5,41.25");

        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(r.out()).contains("newton").contains("minimum");
    }

    @Test
    void float32PathsDifferFromFloat64OnesOnlyByRounding(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        assertThat(CliTestSupport.run("toy", "--function", "rosenbrock", "--optimizer", "adam(lr=0.01)", "--start", "-1,2",
                "--steps", "20", "--csv", a.toString()).status()).isZero();
        assertThat(CliTestSupport.run("toy", "--function", "rosenbrock", "--optimizer", "adam(lr=0.01)", "--start", "-1,2",
                "--steps", "20", "--dtype", "float32", "--csv", b.toString()).status()).isZero();
        String[] last64 = Files.readAllLines(a).get(21).split(",");
        String[] last32 = Files.readAllLines(b).get(21).split(",");
        double x64 = Double.parseDouble(last64[2]);
        double x32 = Double.parseDouble(last32[2]);
        assertThat(x32).isNotEqualTo(x64).isCloseTo(x64, org.assertj.core.data.Offset.offset(1e-4));
        assertThat((double) (float) x32).isEqualTo(x32);
    }

    @Test
    void badToyArgumentsExitWith2() {
        assertThat(CliTestSupport.run("toy", "--function", "himmelblau", "--optimizer", "adam", "--start", "1,1").err())
                .contains("unknown function; valid: beale, saddle, rosenbrock, quadratic");
        assertThat(CliTestSupport.run("toy", "--function", "beale", "--optimizer", "adam", "--start", "1").status()).isEqualTo(2);
        assertThat(CliTestSupport.run("toy", "--function", "beale", "--optimizer", "newton", "--start", "1,1", "--dtype",
                "float32").err()).contains("newton runs in float64");
    }
}
