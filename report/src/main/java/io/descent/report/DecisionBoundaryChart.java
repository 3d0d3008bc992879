package io.descent.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * What a classifier of points in the plane decides where: the box filled with light class colours, the
 * boundary between regions drawn as a dark line, and the training points on top, coloured and shaped by their
 * class (the lecture's moons and spirals).
 *
 * <p>Give the classifier as a class index per point ({@link #classes}) or, for two classes, as the probability
 * of class 1 ({@link #probability}): then the fill shades from class 0's colour through white (p = 0.5) to class
 * 1's in bands of 0.1, and the boundary is the p = 0.5 contour. Either way it is sampled on a grid
 * (201 x 201 unless told otherwise) or handed in as a {@link Grid} computed in one batch. Boundaries come from
 * {@link MarchingSquares}: for classes, the 0.5 contour of each class's indicator.
 *
 * <pre>{@code
 * Chart c = new DecisionBoundaryChart("MLP on two moons", new Box(-1.5, 2.5, -1, 1.5))
 *         .probability((x, y) -> model.probability(x, y))
 *         .points(xs, ys, labels).classNames("upper moon", "lower moon");
 * }</pre>
 */
public final class DecisionBoundaryChart implements Chart {
    /** A classifier of points in the plane. */
    @FunctionalInterface
    public interface Classifier {
        /** The class of point {@code (x, y)}, from 0. */
        int classOf(double x, double y);
    }

    private static final int BANDS = 10;
    private static final Color BOUNDARY = new Color(0x333333);

    private final String title;
    private final Box box;
    private Grid grid;
    private boolean isProbability;
    private double[] px = new double[0];
    private double[] py = new double[0];
    private int[] labels = new int[0];
    private String[] classNames = new String[0];
    private String xLabel = "x1";
    private String yLabel = "x2";

    public DecisionBoundaryChart(String title, Box box) {
        this.title = LineChart.requireText(title, "title");
        if (box == null) {
            throw new IllegalArgumentException("decision boundary chart '" + title + "' needs a box");
        }
        this.box = box;
    }

    /** The classifier, sampled on a {@code resolution x resolution} grid over the box. */
    public DecisionBoundaryChart classes(Classifier c, int resolution) {
        return classGrid(Grid.sample((x, y) -> c.classOf(x, y), box, resolution, resolution));
    }

    /** The classifier, sampled on a 201 x 201 grid. */
    public DecisionBoundaryChart classes(Classifier c) {
        return classes(c, ContourChart.DEFAULT_RESOLUTION);
    }

    /** Class indices computed elsewhere, one per grid point, over exactly this chart's box. */
    public DecisionBoundaryChart classGrid(Grid g) {
        this.grid = checked(g, false);
        this.isProbability = false;
        return this;
    }

    /** The probability of class 1 of a two-class classifier, sampled on a {@code resolution}-square grid. */
    public DecisionBoundaryChart probability(DoubleBinaryOperator p, int resolution) {
        return probabilityGrid(Grid.sample(p, box, resolution, resolution));
    }

    /** The probability of class 1, sampled on a 201 x 201 grid. */
    public DecisionBoundaryChart probability(DoubleBinaryOperator p) {
        return probability(p, ContourChart.DEFAULT_RESOLUTION);
    }

    /** Probabilities of class 1 computed elsewhere, one per grid point, over exactly this chart's box. */
    public DecisionBoundaryChart probabilityGrid(Grid g) {
        this.grid = checked(g, true);
        this.isProbability = true;
        return this;
    }

    /** The training points {@code (x[k], y[k])} of class {@code label[k]}; the arrays are copied. */
    public DecisionBoundaryChart points(double[] x, double[] y, int[] label) {
        if (x.length != y.length || x.length != label.length) {
            throw new IllegalArgumentException("points of chart '" + title + "' need as many x, y and labels, got "
                    + x.length + ", " + y.length + ", " + label.length);
        }
        for (int k = 0; k < label.length; k++) {
            Palette.classColor(label[k]);
        }
        this.px = x.clone();
        this.py = y.clone();
        this.labels = label.clone();
        return this;
    }

    /** Names for the legend, class 0 first (default "class 0", "class 1", ...). */
    public DecisionBoundaryChart classNames(String... names) {
        if (names.length > Palette.classCount()) {
            throw new IllegalArgumentException("chart '" + title + "' can show at most " + Palette.classCount()
                    + " classes, got " + names.length + " names");
        }
        for (String n : names) {
            LineChart.requireText(n, "class name");
        }
        this.classNames = names.clone();
        return this;
    }

    /** Names the axes (default "x1" and "x2"). */
    public DecisionBoundaryChart axisLabels(String x, String y) {
        this.xLabel = LineChart.requireText(x, "x axis label");
        this.yLabel = LineChart.requireText(y, "y axis label");
        return this;
    }

    private Grid checked(Grid g, boolean probability) {
        if (!g.box().equals(box)) {
            throw new IllegalArgumentException("decision boundary chart '" + title + "' shows " + box
                    + " but the grid covers " + g.box());
        }
        for (int j = 0; j < g.ny(); j++) {
            for (int i = 0; i < g.nx(); i++) {
                double v = g.value(i, j);
                boolean ok = probability ? v >= 0 && v <= 1
                        : v >= 0 && v < Palette.classCount() && v == Math.rint(v);
                if (!ok) {
                    throw new IllegalArgumentException("chart '" + title + "': the classifier gave " + v + " at ("
                            + g.x(i) + ", " + g.y(j) + "); expected " + (probability ? "a probability in [0, 1]"
                            : "a class index in 0.." + (Palette.classCount() - 1)));
                }
            }
        }
        return g;
    }

    @Override
    public JFreeChart toJFreeChart() {
        if (grid == null) {
            throw new IllegalStateException("decision boundary chart '" + title + "' has no classifier to draw");
        }
        NumberAxis xAxis = Theme.xAxis(xLabel);
        NumberAxis yAxis = Theme.yAxis(yLabel);
        xAxis.setRange(box.xmin(), box.xmax());
        yAxis.setRange(box.ymin(), box.ymax());
        XYPlot plot = new XYPlot(null, xAxis, yAxis, null);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setDataset(0, boundaries());
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        lines.setDrawSeriesLineAsPath(true);
        lines.setDefaultSeriesVisibleInLegend(false);
        lines.setDefaultPaint(BOUNDARY);
        lines.setAutoPopulateSeriesPaint(false);
        lines.setDefaultStroke(new BasicStroke(1.6f));
        lines.setAutoPopulateSeriesStroke(false);
        lines.addAnnotation(fill(), Layer.BACKGROUND);
        plot.setRenderer(0, lines);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        XYSeriesCollection scattered = scatter(dots);
        plot.setDataset(1, scattered);
        plot.setRenderer(1, dots);
        String note = isProbability
                ? "Shade: probability of " + className(1) + " in bands of 0.1; line: p = 0.5"
                : "Shade: the predicted class; lines: where the prediction changes";
        return Theme.chart(title, plot, List.of(note), scattered.getSeriesCount() > 0);
    }

    private RegionFill fill() {
        int n = grid.nx() * grid.ny();
        int[] index = new int[n];
        Color[] colors;
        if (isProbability) {
            colors = new Color[BANDS];
            for (int b = 0; b < BANDS; b++) {
                double p = (b + 0.5) / BANDS;
                Color c = Palette.classColor(p < 0.5 ? 0 : 1);
                // Strength 0 at p = 0.5, full light tint at p = 0 or 1.
                colors[b] = Palette.lighten(c, 1 - 0.45 * Math.abs(2 * p - 1));
            }
        } else {
            colors = new Color[Palette.classCount()];
            for (int k = 0; k < colors.length; k++) {
                colors[k] = Palette.lighten(Palette.classColor(k), 0.72);
            }
        }
        for (int j = 0; j < grid.ny(); j++) {
            for (int i = 0; i < grid.nx(); i++) {
                double v = grid.value(i, j);
                index[j * grid.nx() + i] = isProbability ? Math.min(BANDS - 1, (int) (v * BANDS)) : (int) v;
            }
        }
        return new RegionFill(box, grid.nx(), grid.ny(), index, colors);
    }

    private XYSeriesCollection boundaries() {
        XYSeries s = new XYSeries("boundary", false, true);
        if (isProbability) {
            for (Polyline line : MarchingSquares.contour(grid, 0.5)) {
                ContourChart.append(s, line);
            }
        } else {
            // Every boundary of the highest class present borders a lower class, whose outline draws it.
            int highest = (int) grid.max();
            for (int k = 0; k < highest; k++) {
                double[] indicator = new double[grid.nx() * grid.ny()];
                boolean present = false;
                for (int j = 0; j < grid.ny(); j++) {
                    for (int i = 0; i < grid.nx(); i++) {
                        boolean inClass = grid.value(i, j) == k;
                        indicator[j * grid.nx() + i] = inClass ? 1 : 0;
                        present |= inClass;
                    }
                }
                if (present) {
                    for (Polyline line : MarchingSquares.contour(Grid.of(box, grid.nx(), grid.ny(), indicator), 0.5)) {
                        ContourChart.append(s, line);
                    }
                }
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(s);
        return data;
    }

    private XYSeriesCollection scatter(XYLineAndShapeRenderer dots) {
        XYSeriesCollection data = new XYSeriesCollection();
        // A legend entry for every class seen in the points or in the regions.
        int classes = Math.max(Arrays.stream(labels).max().orElse(-1) + 1, isProbability ? 2 : (int) grid.max() + 1);
        for (int k = 0; k < classes; k++) {
            XYSeries s = new XYSeries(className(k), false, true);
            for (int p = 0; p < labels.length; p++) {
                if (labels[p] == k) {
                    s.add(px[p], py[p], false);
                }
            }
            int series = data.getSeriesCount();
            data.addSeries(s);
            dots.setSeriesPaint(series, Palette.classColor(k));
            dots.setSeriesShape(series, shape(k));
            dots.setSeriesOutlinePaint(series, Color.WHITE);
            dots.setSeriesOutlineStroke(series, new BasicStroke(0.8f));
        }
        dots.setUseOutlinePaint(true);
        dots.setDrawOutlines(true);
        return data;
    }

    private String className(int k) {
        return k < classNames.length ? classNames[k] : "class " + k;
    }

    /** Circle, square, triangle up, diamond, triangle down, then repeats: shape tells classes apart in grey. */
    private static Shape shape(int k) {
        double r = 4;
        switch (k % 5) {
            case 0:
                return new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case 1:
                return new Rectangle2D.Double(-r + 0.5, -r + 0.5, 2 * r - 1, 2 * r - 1);
            case 2:
                return polygon(0, -r - 1, r + 0.5, r - 0.5, -r - 0.5, r - 0.5);
            case 3:
                return polygon(0, -r - 1, r + 1, 0, 0, r + 1, -r - 1, 0);
            default:
                return polygon(0, r + 1, r + 0.5, -r + 0.5, -r - 0.5, -r + 0.5);
        }
    }

    private static Shape polygon(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int k = 2; k < xy.length; k += 2) {
            p.lineTo(xy[k], xy[k + 1]);
        }
        p.closePath();
        return p;
    }
}
