package io.descent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

class ReadableLogAxisTest {

    @Test
    void roundTicksAreOneTwoFiveOrEveryDigit() {
        List<NumberTick> coarse = ReadableLogAxis.roundTicks(0.03, 0.9, new double[] {1, 2, 5}, RectangleEdge.LEFT);
        assertThat(coarse).extracting(NumberTick::getText).containsExactly("0.05", "0.1", "0.2", "0.5");
        List<NumberTick> fine = ReadableLogAxis.roundTicks(0.29, 0.71, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                RectangleEdge.LEFT);
        assertThat(fine).extracting(NumberTick::getText).containsExactly("0.3", "0.4", "0.5", "0.6", "0.7");
        assertThat(fine.get(0).getValue()).isEqualTo(0.3);
    }

    @Test
    void narrowRangesGetPlainLabelsAndWideRangesPowersOfTen() {
        assertThat(labels(0.29, 0.71)).containsExactly("0.3", "0.4", "0.5", "0.6", "0.7");
        List<?> wide = ticks(1e-8, 10);
        assertThat(wide.size()).isGreaterThanOrEqualTo(4);
        assertThat(wide).allSatisfy(t -> assertThat(t).isNotInstanceOf(NumberTick.class));
    }

    @Test
    void aTallAxisOverSeveralDecadesTicksOnlyWholePowersOfTen() {
        ReadableLogAxis axis = new ReadableLogAxis("f");
        axis.setRange(8e-4, 40);
        BufferedImage image = new BufferedImage(100, 1200, BufferedImage.TYPE_INT_RGB);
        var g2 = image.createGraphics();
        try {
            List<?> ticks = axis.refreshTicks(g2, new AxisState(), new Rectangle2D.Double(50, 0, 50, 1200),
                    RectangleEdge.LEFT);
            assertThat(ticks).extracting(t -> Math.log10(((ValueTick) t).getValue()))
                    .allSatisfy(e -> assertThat(Math.abs(e - Math.rint(e))).isLessThan(1e-9))
                    .hasSize(5);
        } finally {
            g2.dispose();
        }
    }

    @Test
    void aNarrowHorizontalRangeGetsPlainLabelsUnderTheAxis() {
        ReadableLogAxis axis = new ReadableLogAxis("learning rate");
        axis.setRange(0.02, 0.9);
        BufferedImage image = new BufferedImage(500, 100, BufferedImage.TYPE_INT_RGB);
        var g2 = image.createGraphics();
        try {
            List<?> ticks = axis.refreshTicks(g2, new AxisState(), new Rectangle2D.Double(0, 0, 500, 50),
                    RectangleEdge.BOTTOM);
            assertThat(ticks).extracting(t -> ((ValueTick) t).getText()).containsExactly("0.02", "0.05", "0.1", "0.2",
                    "0.5");
            assertThat(ticks).allSatisfy(t -> assertThat(((ValueTick) t).getTextAnchor())
                    .isEqualTo(org.jfree.chart.ui.TextAnchor.TOP_CENTER));
        } finally {
            g2.dispose();
        }
    }

    private static List<String> labels(double lo, double hi) {
        return ticks(lo, hi).stream().map(t -> ((ValueTick) t).getText()).toList();
    }

    private static List<?> ticks(double lo, double hi) {
        ReadableLogAxis axis = new ReadableLogAxis("loss");
        axis.setRange(lo, hi);
        BufferedImage image = new BufferedImage(100, 500, BufferedImage.TYPE_INT_RGB);
        var g2 = image.createGraphics();
        try {
            return axis.refreshTicks(g2, new AxisState(), new Rectangle2D.Double(50, 0, 50, 500), RectangleEdge.LEFT);
        } finally {
            g2.dispose();
        }
    }
}
