package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class DecisionBoundaryChartTest {
    private static final Box BOX = new Box(-2, 2, -2, 2);

    @TempDir
    Path dir;

    private static double[][] blobs(int n, int[] labels) {
        Random r = new Random(7);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            labels[k] = k % 3;
            x[k] = (labels[k] - 1) * 1.1 + 0.3 * r.nextGaussian();
            y[k] = (labels[k] == 1 ? 1 : -0.5) + 0.3 * r.nextGaussian();
        }
        return new double[][] {x, y};
    }

    @Test
    void classRegionsAndPointsDraw() throws Exception {
        int[] labels = new int[90];
        double[][] p = blobs(90, labels);
        DecisionBoundaryChart chart = new DecisionBoundaryChart("Three blobs", BOX)
                .classes((x, y) -> x < -0.5 ? 0 : y > 0.2 ? 1 : 2, 101).points(p[0], p[1], labels)
                .classNames("left", "top", "right");
        BufferedImage image = Pictures.savedPng(chart, dir, 800, 600);
        for (int k = 0; k < 3; k++) {
            assertThat(Pictures.pixelsNear(image, Palette.lighten(Palette.classColor(k), 0.72).getRGB()))
                    .as("region of class %d", k).isGreaterThan(5000);
            assertThat(Pictures.pixelsNear(image, Palette.classColor(k).getRGB())).as("points of class %d", k)
                    .isGreaterThan(100);
        }
        JFreeChart jf = chart.toJFreeChart();
        assertThat(jf.getXYPlot().getLegendItems().getItemCount()).isEqualTo(3);
    }

    @Test
    void probabilityShadesAndTheHalfContourIsTheBoundary() throws Exception {
        int[] labels = {0, 1, 0, 1};
        DecisionBoundaryChart chart = new DecisionBoundaryChart("Logistic", BOX)
                .probability((x, y) -> 1 / (1 + Math.exp(-3 * (x + y))), 81)
                .points(new double[] {-1, 1, -0.5, 0.5}, new double[] {-1, 1, -1, 1}, labels);
        Pictures.savedPng(chart, dir, 800, 600);
        JFreeChart jf = chart.toJFreeChart();
        var boundary = jf.getXYPlot().getDataset(0);
        assertThat(boundary.getItemCount(0)).isGreaterThan(10);
        for (int k = 0; k < boundary.getItemCount(0); k++) {
            double x = boundary.getXValue(0, k);
            double y = boundary.getYValue(0, k);
            if (!Double.isNaN(x)) {
                assertThat(x + y).isCloseTo(0, org.assertj.core.api.Assertions.offset(0.06));
            }
        }
        Document svg = Pictures.savedSvg(chart, dir);
        // Rows of merged cells, not one rectangle per grid point.
        assertThat(svg.getElementsByTagNameNS("*", "rect").getLength()).isLessThan(81 * 12);
    }

    @Test
    void badClassifierOutputFailsLoudly() {
        DecisionBoundaryChart chart = new DecisionBoundaryChart("c", BOX);
        assertThatThrownBy(() -> chart.probability((x, y) -> x > 1 ? Double.NaN : 0.5, 11))
                .hasMessageContaining("probability in [0, 1]");
        assertThatThrownBy(() -> chart.classes((x, y) -> -1, 11)).hasMessageContaining("class index");
        assertThatThrownBy(() -> chart.points(new double[1], new double[1], new int[] {9}))
                .hasMessageContaining("class index 9");
        assertThatThrownBy(chart::toJFreeChart).hasMessageContaining("no classifier");
    }
}
