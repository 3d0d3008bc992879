package io.descent.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Contour lines of a function of two variables over a {@link Box}, with the paths optimizers took across it:
 * the lecture's picture of SGD, momentum and Adam on Beale's function or the saddle {@code y^4 - x^4}.
 *
 * <p>Contours come from {@link MarchingSquares} on a grid (201 x 201 points unless told otherwise), at levels
 * chosen evenly ({@link #levelCount}), log-spaced ({@link #logLevels}, for functions spanning many decades) or
 * given ({@link #levels}); they are drawn in greys, darker for lower values, so the coloured paths stand out.
 * Each path starts at a hollow circle and ends at a filled one and is clipped to the box ({@link Clip}): the
 * axes always show exactly the box, and a path that leaves it or diverges says so in the legend.
 *
 * <pre>{@code
 * Chart c = new ContourChart("Beale's function", new Box(-4.5, 4.5, -4.5, 4.5), palette)
 *         .function(Beale::value).logLevels(25)
 *         .path("sgd", xs, ys).path("adam", xa, ya)
 *         .mark(3, 0.5, "minimum (3, 0.5)");
 * }</pre>
 */
public final class ContourChart implements Chart {
    /** Grid points along each axis when sampling a function. */
    public static final int DEFAULT_RESOLUTION = 201;
    private static final int DEFAULT_LEVELS = 15;
    private static final Color LOW = new Color(0x7A7A7A);
    private static final Color HIGH = new Color(0xD2D2D2);

    private final String title;
    private final Box box;
    private final Palette palette;
    private final List<Path> paths = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private Grid grid;
    private double[] levels;
    private int levelCount = DEFAULT_LEVELS;
    private boolean logLevels;
    private String xLabel = "x";
    private String yLabel = "y";

    private record Path(String name, double[] x, double[] y) {
    }

    private record Mark(double x, double y, String label) {
    }

    /** @param palette gives each path its colour; share one palette across the charts of a report */
    public ContourChart(String title, Box box, Palette palette) {
        this.title = LineChart.requireText(title, "title");
        if (box == null || palette == null) {
            throw new IllegalArgumentException("contour chart '" + title + "' needs a box and a palette");
        }
        this.box = box;
        this.palette = palette;
    }

    /** Samples {@code f} on a {@value #DEFAULT_RESOLUTION}-point grid along each axis of the box. */
    public ContourChart function(DoubleBinaryOperator f) {
        return function(f, DEFAULT_RESOLUTION);
    }

    /** Samples {@code f} on a {@code resolution x resolution} grid over the box. */
    public ContourChart function(DoubleBinaryOperator f, int resolution) {
        this.grid = Grid.sample(f, box, resolution, resolution);
        return this;
    }

    /** Uses values sampled elsewhere; the grid must cover exactly this chart's box. */
    public ContourChart grid(Grid g) {
        if (!g.box().equals(box)) {
            throw new IllegalArgumentException("contour chart '" + title + "' shows " + box
                    + " but the grid covers " + g.box());
        }
        this.grid = g;
        return this;
    }

    /** Draws exactly these levels. */
    public ContourChart levels(double... values) {
        this.levels = Levels.given(values);
        return this;
    }

    /** Draws {@code n} evenly spaced levels between the grid's minimum and maximum (the default, with 15). */
    public ContourChart levelCount(int n) {
        this.levels = null;
        this.levelCount = n;
        this.logLevels = false;
        return this;
    }

    /** Draws {@code n} levels log-spaced above the grid's minimum ({@link Levels#logFor}). */
    public ContourChart logLevels(int n) {
        this.levels = null;
        this.levelCount = n;
        this.logLevels = true;
        return this;
    }

    /** Names the axes (default "x" and "y"), e.g. "w1" and "w2". */
    public ContourChart axisLabels(String x, String y) {
        this.xLabel = LineChart.requireText(x, "x axis label");
        this.yLabel = LineChart.requireText(y, "y axis label");
        return this;
    }

    /** Adds an optimizer's path through the points {@code (x[k], y[k])}; the arrays are copied. */
    public ContourChart path(String name, double[] x, double[] y) {
        LineChart.requireText(name, "path name");
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("path '" + name + "' of chart '" + title
                    + "' needs as many x as y, and at least one point; got " + x.length + " and " + y.length);
        }
        for (Path p : paths) {
            if (p.name.equals(name)) {
                throw new IllegalArgumentException("chart '" + title + "' already has a path named '" + name + "'");
            }
        }
        paths.add(new Path(name, x.clone(), y.clone()));
        return this;
    }

    /** Marks the point {@code (x, y)} with a star and a label, e.g. "minimum (3, 0.5)". */
    public ContourChart mark(double x, double y, String label) {
        if (!(Double.isFinite(x) && Double.isFinite(y))) {
            throw new IllegalArgumentException("marked point of chart '" + title + "' must be finite, got ("
                    + x + ", " + y + ")");
        }
        marks.add(new Mark(x, y, LineChart.requireText(label, "mark label")));
        return this;
    }

    @Override
    public JFreeChart toJFreeChart() {
        if (grid == null) {
            throw new IllegalStateException("contour chart '" + title + "' has no function or grid to draw");
        }
        double[] lv = levels != null ? levels
                : logLevels ? Levels.logFor(grid, levelCount) : Levels.linearFor(grid, levelCount);
        NumberAxis xAxis = Theme.xAxis(xLabel);
        NumberAxis yAxis = Theme.yAxis(yLabel);
        xAxis.setRange(box.xmin(), box.xmax());
        yAxis.setRange(box.ymin(), box.ymax());
        XYPlot plot = new XYPlot(null, xAxis, yAxis, null);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setDataset(0, contours(lv));
        plot.setRenderer(0, contourRenderer(lv.length));
        XYLineAndShapeRenderer pathRenderer = new XYLineAndShapeRenderer(true, false);
        pathRenderer.setDrawSeriesLineAsPath(true);
        pathRenderer.setLegendLine(new Line2D.Double(-14, 0, 14, 0));
        plot.setDataset(1, paths(pathRenderer));
        plot.setRenderer(1, pathRenderer);
        for (Mark m : marks) {
            if (box.contains(m.x, m.y)) {
                plot.addAnnotation(new PointMark(m.x, m.y, PointMark.Kind.STAR, Palette.BLACK, m.label), false);
            }
        }
        String note = (levels != null ? lv.length + " given" : lv.length + (logLevels ? " log-spaced" : " evenly spaced"))
                + " contour levels from " + Numbers.format(lv[0]) + " to " + Numbers.format(lv[lv.length - 1])
                + (lv.length > 1 ? ", darker = lower" : "") + (paths.isEmpty() ? "" : "; paths: \u25CB start, \u25CF end");
        return Theme.chart(title, plot, List.of(note), !paths.isEmpty());
    }

    private XYSeriesCollection contours(double[] lv) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int k = 0; k < lv.length; k++) {
            XYSeries s = new XYSeries("level " + k, false, true);
            for (Polyline line : MarchingSquares.contour(grid, lv[k])) {
                append(s, line);
            }
            data.addSeries(s);
        }
        return data;
    }

    private static XYLineAndShapeRenderer contourRenderer(int n) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setDrawSeriesLineAsPath(true);
        r.setDefaultSeriesVisibleInLegend(false);
        for (int k = 0; k < n; k++) {
            double t = n == 1 ? 0 : (double) k / (n - 1);
            r.setSeriesPaint(k, blend(LOW, HIGH, t));
            r.setSeriesStroke(k, new BasicStroke(1.1f));
        }
        return r;
    }

    private XYSeriesCollection paths(XYLineAndShapeRenderer renderer) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int s = 0; s < paths.size(); s++) {
            Path p = paths.get(s);
            Style style = palette.style(p.name);
            XYSeries xy = new XYSeries(p.name + fate(p), false, true);
            for (Polyline piece : Clip.toBox(p.x, p.y, box)) {
                append(xy, piece);
            }
            data.addSeries(xy);
            renderer.setSeriesPaint(s, style.color());
            renderer.setSeriesStroke(s, style.stroke());
            int last = p.x.length - 1;
            if (box.contains(p.x[0], p.y[0])) {
                renderer.addAnnotation(new PointMark(p.x[0], p.y[0], PointMark.Kind.START, style.color(), null));
            }
            if (last > 0 && box.contains(p.x[last], p.y[last])) {
                renderer.addAnnotation(new PointMark(p.x[last], p.y[last], PointMark.Kind.END, style.color(), null));
            }
        }
        return data;
    }

    /** What the legend adds to a path's name when it is not drawn whole. */
    private String fate(Path p) {
        boolean outside = false;
        for (int k = 0; k < p.x.length; k++) {
            if (!(Double.isFinite(p.x[k]) && Double.isFinite(p.y[k]))) {
                return " (diverged)";
            }
            outside |= !box.contains(p.x[k], p.y[k]);
        }
        return outside ? " (leaves the plot)" : "";
    }

    /** Adds the points of {@code line} to {@code s}, after a NaN break if {@code s} has points already. */
    static void append(XYSeries s, Polyline line) {
        if (s.getItemCount() > 0) {
            s.add(Double.NaN, Double.NaN, false);
        }
        for (int k = 0; k < line.size(); k++) {
            s.add(line.x()[k], line.y()[k], false);
        }
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
}
