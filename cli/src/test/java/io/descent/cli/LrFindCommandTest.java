package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LrFindCommandTest {
    private static final String[] TASK = {"--data", "moons(n=600)", "--model", "mlp(16)", "--batch-size", "16"};

    @Test
    void recordsTheRangeWritesThePlotAndSuggestsARateInIt(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("lr.svg");
        Path csv = dir.resolve("lr.csv");
        CliTestSupport.Result r = CliTestSupport.run(CompareCommandTest.concat("lr-find", TASK, "--start-lr", "1e-5",
                "--end-lr", "10", "--steps", "60", "--plot", svg.toString(), "--csv", csv.toString()));
        assertThat(r.status()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows.get(0)).isEqualTo("step,lr,loss,smoothed_loss");
        assertThat(Double.parseDouble(rows.get(1).split(",")[1])).isEqualTo(1e-5);
        // lr grows by the same factor every step
        double r1 = Double.parseDouble(rows.get(2).split(",")[1]) / Double.parseDouble(rows.get(1).split(",")[1]);
        double r2 = Double.parseDouble(rows.get(3).split(",")[1]) / Double.parseDouble(rows.get(2).split(",")[1]);
        assertThat(r2).isCloseTo(r1, org.assertj.core.data.Offset.offset(1e-9));
        String last = r.lastLine();
        assertThat(last).startsWith("suggested lr ").endsWith("(steepest descent of the smoothed loss)");
        double suggested = Double.parseDouble(last.split(" ")[2]);
        String cycle = r.out().lines().filter(l -> l.startsWith("one cycle: ")).findFirst().orElseThrow();
        assertThat(cycle).contains("lr=" + last.split(" ")[2] + " ").contains("--schedule 'one_cycle(total_steps=")
                .contains("(max_lr " + last.split(" ")[2] + ",");
        assertThat(suggested).isBetween(1e-5, 10.0);
        // the suggestion is one of the recorded rates, before the smoothed minimum
        double[] lrs = rows.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        double[] smooth = rows.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[3])).toArray();
        int min = 0;
        for (int k = 1; k < smooth.length; k++) {
            min = smooth[k] < smooth[min] ? k : min;
        }
        int at = -1;
        for (int k = 0; k < lrs.length; k++) {
            if (io.descent.report.Numbers.format(lrs[k]).equals(last.split(" ")[2])) {
                at = k;
            }
        }
        assertThat(at).isBetween(0, min);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    }

    @Test
    void stopsWhenTheLossBlowsUp() {
        CliTestSupport.Result r = CliTestSupport.run(CompareCommandTest.concat("lr-find", TASK, "--optimizer",
                "sgd(momentum=0.9)", "--start-lr", "1e-3", "--end-lr", "1e6", "--steps", "200"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("stopped after \\d+ steps: (the smoothed loss passed 4x its best|the loss is)");
    }

    @Test
    void theSteepestDescentOfASigmoidShapedCurveIsItsMiddle() {
        int n = 101;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = Math.pow(10, -6 + 6.0 * k / (n - 1));      // 1e-6 .. 1
            y[k] = 2 - 1 / (1 + Math.exp(-4 * (Math.log10(x[k]) + 3)));  // falls fastest at 1e-3
        }
        assertThat(x[LrRangeTest.steepest(x, y, 0, n - 1)]).isCloseTo(1e-3, org.assertj.core.data.Percentage.withPercentage(1));
        // a curve that never falls has no steepest descent
        assertThat(LrRangeTest.steepest(x, new double[n], 0, n - 1)).isEqualTo(-1);
    }

    @Test
    void badArgumentsExitWith2() {
        for (String[] bad : new String[][] {{"--start-lr", "0"}, {"--start-lr", "1", "--end-lr", "0.1"}, {"--steps", "2"},
            {"--optimizer", "newton"}, {"--smoothing", "1"}, {"--plot", "x.jpg"}}) {
            CliTestSupport.Result r = CliTestSupport.run(CompareCommandTest.concat("lr-find", TASK, bad));
            assertThat(r.status()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).startsWith("descent: ").doesNotContain("\tat ");
        }
    }
}
