package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ContourChartTest {
    private static final Box BEALE_BOX = new Box(-4.5, 4.5, -4.5, 4.5);

    @TempDir
    Path dir;

    private static ContourChart beale(Palette palette) {
        double[] sx = {1, 1.5, 2.2, 2.8, 3.0};
        double[] sy = {1.5, 0.9, 0.4, 0.45, 0.5};
        double[] ax = {1, 0.5, 1.8, 2.9};
        double[] ay = {1.5, 0.0, 0.2, 0.48};
        return new ContourChart("Beale", BEALE_BOX, palette).function(LevelsTest::beale, 101).logLevels(20)
                .path("sgd", sx, sy).path("adam", ax, ay).mark(3, 0.5, "minimum (3, 0.5)");
    }

    @Test
    void bealeWithPathsDrawsContoursPathsAndMarks() throws Exception {
        Palette palette = new Palette();
        BufferedImage image = Pictures.savedPng(beale(palette), dir, 800, 600);
        assertThat(Pictures.pixelsNear(image, palette.color("adam").getRGB())).isGreaterThan(100);
        // Contour greys.
        assertThat(Pictures.pixelsNear(image, 0xA0A0A0)).isGreaterThan(500);
    }

    @Test
    void svgHoldsTheContourLevelsAndEachPath() throws Exception {
        Palette palette = new Palette();
        Document svg = Pictures.savedSvg(beale(palette), dir);
        assertThat(Pictures.pathsStroked(svg, palette.color("sgd"))).isGreaterThanOrEqualTo(2);
        assertThat(Pictures.pathsStroked(svg, palette.color("adam"))).isGreaterThanOrEqualTo(2);
        assertThat(svg.getElementsByTagNameNS("*", "path").getLength()).isGreaterThan(20);
        assertThat(Pictures.texts(svg)).contains("sgd", "adam", "minimum (3, 0.5)", "20 log-spaced contour levels");
    }

    @Test
    void pathFarOutsideIsClippedAndTheAxesStayAtTheBox() throws Exception {
        Box box = new Box(-1, 1, -1, 1);
        double[] x = {0.5, 0.9, 5, 1e12, Double.NaN};
        double[] y = {0.5, 0.2, -7, 1e15, 3};
        ContourChart chart = new ContourChart("Diverging", box, new Palette())
                .function((a, b) -> a * a + b * b, 41).path("sgd", x, y);
        JFreeChart jf = chart.toJFreeChart();
        Pictures.savedPng(chart, dir, 800, 600);
        XYPlot plot = jf.getXYPlot();
        // Draw once more into an image: axes may only re-fit when drawn.
        Charts.png(jf, 400, 300);
        assertThat(plot.getDomainAxis().getLowerBound()).isEqualTo(-1);
        assertThat(plot.getDomainAxis().getUpperBound()).isEqualTo(1);
        assertThat(plot.getRangeAxis().getLowerBound()).isEqualTo(-1);
        assertThat(plot.getRangeAxis().getUpperBound()).isEqualTo(1);
        XYDataset paths = plot.getDataset(1);
        assertThat(paths.getSeriesKey(0).toString()).isEqualTo("sgd (diverged)");
        int drawn = 0;
        for (int k = 0; k < paths.getItemCount(0); k++) {
            double px = paths.getXValue(0, k);
            double py = paths.getYValue(0, k);
            if (!Double.isNaN(px)) {
                assertThat(box.contains(px, py)).as("(%s, %s)", px, py).isTrue();
                drawn++;
            }
        }
        assertThat(drawn).isEqualTo(3);
    }

    @Test
    void saddleWithGivenLevelsDraws() throws Exception {
        ContourChart chart = new ContourChart("Saddle y^4 - x^4", new Box(-1, 1, -1, 1), new Palette())
                .function((x, y) -> y * y * y * y - x * x * x * x, 81).levels(-0.5, -0.1, 0, 0.1, 0.5)
                .path("momentum", new double[] {0.01, 0.05, 0.3, 0.9}, new double[] {0.7, 0.3, 0.05, 0});
        JFreeChart jf = chart.toJFreeChart();
        assertThat(jf.getXYPlot().getDataset(0).getSeriesCount()).isEqualTo(5);
        Pictures.savedPng(chart, dir, 800, 600);
    }

    @Test
    void gridMustCoverTheBox() {
        ContourChart chart = new ContourChart("c", new Box(0, 1, 0, 1), new Palette());
        assertThatThrownBy(chart::toJFreeChart).hasMessageContaining("no function or grid");
        Grid other = Grid.sample((x, y) -> x, new Box(0, 2, 0, 1), 5, 5);
        assertThatThrownBy(() -> chart.grid(other)).hasMessageContaining("grid covers");
        assertThatThrownBy(() -> chart.mark(Double.NaN, 0, "m")).hasMessageContaining("finite");
    }
}
