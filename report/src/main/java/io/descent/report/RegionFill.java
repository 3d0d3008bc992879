package io.descent.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;

/**
 * Fills the plot with one colour per grid point, each point owning the cell of half a grid step around it
 * (cut to the box). Neighbouring points of the same colour in a row are merged into one rectangle, so a
 * decision region costs a few rectangles per row, not one per point (which keeps SVG files small).
 */
final class RegionFill extends AbstractXYAnnotation {
    private static final long serialVersionUID = 1L;

    private final Box box;
    private final int nx;
    private final int ny;
    private final int[] colorIndex;
    private final Color[] colors;

    /**
     * @param colorIndex for grid point (i, j) the index {@code colorIndex[j * nx + i]} into {@code colors}
     */
    RegionFill(Box box, int nx, int ny, int[] colorIndex, Color[] colors) {
        this.box = box;
        this.nx = nx;
        this.ny = ny;
        this.colorIndex = colorIndex;
        this.colors = colors;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
            int rendererIndex, PlotRenderingInfo info) {
        double[] xe = edges(box.xmin(), box.xmax(), nx);
        double[] ye = edges(box.ymin(), box.ymax(), ny);
        double[] px = new double[nx + 1];
        double[] py = new double[ny + 1];
        for (int i = 0; i <= nx; i++) {
            px[i] = domainAxis.valueToJava2D(xe[i], dataArea, plot.getDomainAxisEdge());
        }
        for (int j = 0; j <= ny; j++) {
            py[j] = rangeAxis.valueToJava2D(ye[j], dataArea, plot.getRangeAxisEdge());
        }
        Object aa = g2.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        for (int j = 0; j < ny; j++) {
            double top = Math.min(py[j], py[j + 1]);
            // Half a pixel of overlap between rows hides seams where viewers anti-alias the edges.
            double height = Math.abs(py[j + 1] - py[j]) + 0.5;
            int start = 0;
            for (int i = 1; i <= nx; i++) {
                if (i == nx || colorIndex[j * nx + i] != colorIndex[j * nx + start]) {
                    g2.setPaint(colors[colorIndex[j * nx + start]]);
                    double left = Math.min(px[start], px[i]);
                    g2.fill(new Rectangle2D.Double(left, top, Math.abs(px[i] - px[start]) + 0.5, height));
                    start = i;
                }
            }
        }
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa == null ? RenderingHints.VALUE_ANTIALIAS_DEFAULT : aa);
    }

    /** The n + 1 cell edges of n grid points from lo to hi: half-way between points, the box at the ends. */
    private static double[] edges(double lo, double hi, int n) {
        double[] e = new double[n + 1];
        double step = (hi - lo) / (n - 1);
        e[0] = lo;
        e[n] = hi;
        for (int k = 1; k < n; k++) {
            e[k] = lo + (k - 0.5) * step;
        }
        return e;
    }
}
