package io.descent.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** The common look of all charts: fonts legible at 800 x 600, white background, light grid, legend below. */
final class Theme {
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font ANNOTATION = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color TEXT = new Color(0x222222);
    static final Color MUTED = new Color(0x555555);
    static final Color GRID = new Color(0xE3E3E3);

    private Theme() {
    }

    /** A horizontal number axis that does not force zero into its range. */
    static NumberAxis xAxis(String label) {
        return spaced(new NumberAxis(label), true);
    }

    /** A vertical number axis that does not force zero into its range. */
    static NumberAxis yAxis(String label) {
        return spaced(new NumberAxis(label), false);
    }

    /** A vertical base-10 log axis with readable ticks ({@link ReadableLogAxis}). */
    static LogAxis logYAxis(String label) {
        LogAxis axis = new ReadableLogAxis(label);
        axis.setSmallestValue(1e-300);
        style(axis);
        axis.setTickLabelInsets(new RectangleInsets(9, 4, 9, 4));
        return axis;
    }

    /** A horizontal base-10 log axis with readable ticks ({@link ReadableLogAxis}). */
    static LogAxis logXAxis(String label) {
        LogAxis axis = new ReadableLogAxis(label);
        axis.setSmallestValue(1e-300);
        style(axis);
        axis.setTickLabelInsets(new RectangleInsets(4, 14, 4, 14));
        return axis;
    }

    /**
     * JFreeChart picks the smallest tick step whose labels (with their insets) do not touch; wide insets along
     * the axis make it pick about ten ticks instead of twenty-five.
     */
    private static NumberAxis spaced(NumberAxis axis, boolean horizontal) {
        axis.setAutoRangeIncludesZero(false);
        style(axis);
        axis.setTickLabelInsets(horizontal ? new RectangleInsets(4, 14, 4, 14) : new RectangleInsets(13, 4, 13, 4));
        return axis;
    }

    private static void style(ValueAxis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(TEXT);
        axis.setAxisLinePaint(MUTED);
        axis.setTickMarkPaint(MUTED);
    }

    /** Plot background and grid. */
    static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(MUTED);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    /** The chart around {@code plot}: title on top, the notes under it, legend below the plot (if wanted). */
    static JFreeChart chart(String title, XYPlot plot, List<String> notes, boolean legend) {
        style(plot);
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        chart.getTitle().setPaint(TEXT);
        for (String note : notes) {
            TextTitle t = new TextTitle(note, NOTE);
            t.setPaint(MUTED);
            t.setPosition(RectangleEdge.TOP);
            t.setHorizontalAlignment(HorizontalAlignment.CENTER);
            t.setPadding(new RectangleInsets(2, 0, 2, 0));
            chart.addSubtitle(t);
        }
        LegendTitle l = chart.getLegend();
        if (l != null) {
            l.setPosition(RectangleEdge.BOTTOM);
            l.setItemFont(LEGEND);
            l.setItemPaint(TEXT);
            l.setFrame(BlockBorder.NONE);
            l.setBackgroundPaint(Color.WHITE);
            l.setItemLabelPadding(new RectangleInsets(2, 4, 2, 14));
            l.setMargin(new RectangleInsets(8, 0, 0, 0));
        }
        return chart;
    }
}
