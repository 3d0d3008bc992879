package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class LineChartTest {
    @TempDir
    Path dir;

    /** The lecture's plot: square, log and hinge losses as functions of the margin m in [-3, 3]. */
    static LineChart marginLosses(Palette palette) {
        int n = 121;
        double[] m = new double[n];
        double[] square = new double[n];
        double[] log = new double[n];
        double[] hinge = new double[n];
        for (int k = 0; k < n; k++) {
            m[k] = -3 + 6.0 * k / (n - 1);
            square[k] = (1 - m[k]) * (1 - m[k]);
            log[k] = Math.log1p(Math.exp(-m[k]));
            hinge[k] = Math.max(0, 1 - m[k]);
        }
        return new LineChart("Losses of the margin", "margin y f(x)", "loss", palette)
                .series("square", m, square).series("log", m, log).series("hinge", m, hinge);
    }

    @Test
    void marginLossesDrawAsThreeCurvesInTheirColours() throws Exception {
        Palette palette = new Palette();
        BufferedImage image = Pictures.savedPng(marginLosses(palette), dir, 800, 600);
        for (String name : new String[] {"square", "log", "hinge"}) {
            assertThat(Pictures.pixelsNear(image, palette.color(name).getRGB())).as(name).isGreaterThan(150);
        }
    }

    @Test
    void svgHoldsOnePathPerSeriesAndTheLegend() throws Exception {
        Palette palette = new Palette();
        Document svg = Pictures.savedSvg(marginLosses(palette), dir);
        for (String name : new String[] {"square", "log", "hinge"}) {
            // The curve and its legend line.
            assertThat(Pictures.pathsStroked(svg, palette.color(name))).as(name).isGreaterThanOrEqualTo(2);
        }
        assertThat(Pictures.texts(svg)).contains("square", "log", "hinge", "Losses of the margin", "margin y f(x)");
    }

    @Test
    void logScaleWithMarkersAndAReferenceLineDraws() throws Exception {
        double[] adam = new double[200];
        double[] newton = new double[200];
        for (int k = 0; k < adam.length; k++) {
            adam[k] = Math.exp(-k / 20.0);
            newton[k] = k < 3 ? Math.pow(10, -4 * k) : 0;
        }
        LineChart chart = new LineChart("Gradient norm", "iteration", "norm", new Palette()).logY()
                .series("adam", adam).series("newton", newton)
                .verticalMarker(120, "stopped at 120").verticalMarker(90, "restored 90")
                .horizontalLine(1e-6, "tolerance");
        JFreeChart jf = chart.toJFreeChart();
        XYPlot plot = jf.getXYPlot();
        assertThat(plot.getRangeAxis()).isInstanceOf(LogAxis.class);
        assertThat(plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).hasSize(2);
        assertThat(plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).hasSize(1);
        // Newton's exact zeros cannot sit on a log axis: they are counted in a note, not hidden silently.
        assertThat(((TextTitle) jf.getSubtitle(1)).getText()).contains("197 of newton");
        Pictures.savedPng(chart, dir, 800, 600);
    }

    /** The learning-rate range test's plot: loss against a rate growing from 1e-7 to 10, on a log x axis. */
    @Test
    void logXAxisDrawsLearningRatesAndCountsRatesItCannotPlace() throws Exception {
        int n = 81;
        double[] lr = new double[n + 1];
        double[] loss = new double[n + 1];
        for (int k = 0; k < n; k++) {
            lr[k + 1] = Math.pow(10, -7 + 8.0 * k / (n - 1));
            double t = Math.log10(lr[k + 1]);
            loss[k + 1] = 2.3 - 1.5 / (1 + Math.exp(-2 * (t + 3))) + Math.exp(t);
        }
        lr[0] = 0;             // a rate of 0 has no place on a log axis
        loss[0] = 2.3;
        LineChart chart = new LineChart("Learning-rate range test", "learning rate", "loss", new Palette()).logX()
                .series("adam", lr, loss).verticalMarker(1e-3, "suggested 1e-3");
        JFreeChart jf = chart.toJFreeChart();
        assertThat(jf.getXYPlot().getDomainAxis()).isInstanceOf(LogAxis.class);
        assertThat(jf.getXYPlot().getRangeAxis()).isNotInstanceOf(LogAxis.class);
        assertThat(((TextTitle) jf.getSubtitle(1)).getText()).contains("1 of adam (NaN, infinite or <= 0)");
        BufferedImage image = Pictures.savedPng(chart, dir, 800, 600);
        assertThat(Pictures.pixelsNear(image, new Palette().color("adam").getRGB())).isGreaterThan(150);
        Document svg = Pictures.savedSvg(chart, dir);
        assertThat(Pictures.texts(svg)).contains("learning rate", "suggested 1e-3");
        assertThatThrownBy(() -> new LineChart("lr", "lr", "loss", new Palette()).logX().series("a", lr, loss)
                .verticalMarker(0, "zero").toJFreeChart()).hasMessageContaining("log x axis");
    }

    @Test
    void divergedLossLeavesAGapAndANote() throws Exception {
        double[] loss = {1, 0.5, Double.NaN, Double.POSITIVE_INFINITY};
        LineChart chart = new LineChart("Loss", "epoch", "loss", new Palette()).series("sgd", loss);
        JFreeChart jf = chart.toJFreeChart();
        assertThat(((TextTitle) jf.getSubtitle(1)).getText()).contains("2 of sgd (NaN or infinite)");
        Pictures.savedPng(chart, dir, 640, 480);
    }

    @Test
    void badInputFailsLoudly() {
        LineChart chart = new LineChart("Loss", "epoch", "loss", new Palette());
        assertThatThrownBy(chart::toJFreeChart).hasMessageContaining("no series");
        assertThatThrownBy(() -> chart.series("a", new double[2], new double[3])).hasMessageContaining("as many x as y");
        chart.series("a", new double[] {1, 2});
        assertThatThrownBy(() -> chart.series("a", new double[] {1})).hasMessageContaining("already has");
        assertThatThrownBy(() -> chart.verticalMarker(Double.NaN, "x")).hasMessageContaining("finite");
        assertThatThrownBy(() -> chart.yRange(1, 0)).hasMessageContaining("lo < hi");
        assertThatThrownBy(() -> new LineChart(" ", "x", "y", new Palette())).hasMessageContaining("title");
    }
}
