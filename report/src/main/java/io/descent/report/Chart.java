package io.descent.report;

import org.jfree.chart.JFreeChart;

/**
 * A chart described on plain data, drawn by JFreeChart. Save one with {@link Charts#save}.
 *
 * <pre>{@code
 * Chart c = new LineChart("Loss", "epoch", "loss", new Palette()).series("adam", epochs, losses);
 * Charts.save(c, Path.of("report/loss.svg"), 800, 600);
 * }</pre>
 */
public interface Chart {

    /** A new JFreeChart object that draws this chart; each call builds a fresh one from the chart's data. */
    JFreeChart toJFreeChart();
}
