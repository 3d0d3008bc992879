package io.descent.report;

import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Named curves {@code y(x)} on common axes: losses per epoch, gradient norms per iteration (log scale), losses
 * against the learning rate (log x scale), or functions such as the square, log and hinge losses of the margin. The legend sits below the plot. Vertical
 * markers note events ("stopped at epoch 12"), a horizontal line a reference value.
 *
 * <p>Points that cannot be drawn (a NaN or infinite coordinate, or {@code y <= 0} on a log scale) leave a gap
 * in their curve and are counted in a note under the title, so a diverged run is visible as such and not
 * silently dropped. In charts of a few short series (epochs, say) each point also gets a dot.
 *
 * <pre>{@code
 * Chart c = new LineChart("Gradient norm", "iteration", "||g||", palette).logY()
 *         .series("sgd", sgdNorms).series("adam", adamNorms)
 *         .verticalMarker(120, "restart");
 * }</pre>
 */
public final class LineChart implements Chart {
    /** Series with at most this many points get a dot at each point, in charts of at most 4 series. */
    static final int DOTS_UP_TO = 40;
    static final int DOTS_SERIES_UP_TO = 4;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Palette palette;
    private final List<Series> series = new ArrayList<>();
    private final List<Mark> verticals = new ArrayList<>();
    private final List<Mark> horizontals = new ArrayList<>();
    private boolean logY;
    private boolean logX;
    private double yLo = Double.NaN;
    private double yHi = Double.NaN;

    private record Series(String name, double[] x, double[] y) {
    }

    private record Mark(double at, String label) {
    }

    /**
     * @param palette gives each series its colour; share one palette across the charts of a report
     */
    public LineChart(String title, String xLabel, String yLabel, Palette palette) {
        this.title = requireText(title, "title");
        this.xLabel = requireText(xLabel, "x axis label");
        this.yLabel = requireText(yLabel, "y axis label");
        if (palette == null) {
            throw new IllegalArgumentException("line chart '" + title + "' needs a palette");
        }
        this.palette = palette;
    }

    /** Adds the curve through {@code (x[k], y[k])}; the arrays are copied. Names must differ. */
    public LineChart series(String name, double[] x, double[] y) {
        requireText(name, "series name");
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' of chart '" + title
                    + "' needs as many x as y, and at least one point; got " + x.length + " and " + y.length);
        }
        for (Series s : series) {
            if (s.name.equals(name)) {
                throw new IllegalArgumentException("chart '" + title + "' already has a series named '" + name + "'");
            }
        }
        series.add(new Series(name, x.clone(), y.clone()));
        return this;
    }

    /** Adds the curve through {@code (k, y[k])}, k = 0, 1, ... (iterations or epochs counted from 0). */
    public LineChart series(String name, double[] y) {
        double[] x = new double[y.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = k;
        }
        return series(name, x, y);
    }

    /** Draws y on a base-10 log scale. */
    public LineChart logY() {
        this.logY = true;
        return this;
    }

    /** Draws x on a base-10 log scale (learning rates from 1e-7 to 10, say); points with {@code x <= 0} are not drawn. */
    public LineChart logX() {
        this.logX = true;
        return this;
    }

    /** Fixes the y range to {@code [lo, hi]} instead of fitting it to the data; curves beyond it are cut. */
    public LineChart yRange(double lo, double hi) {
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo < hi)) {
            throw new IllegalArgumentException("y range of chart '" + title + "' needs finite lo < hi, got "
                    + lo + ", " + hi);
        }
        this.yLo = lo;
        this.yHi = hi;
        return this;
    }

    /** A dashed vertical line at {@code x}, labelled at the top, e.g. "stopped at epoch 12". */
    public LineChart verticalMarker(double x, String label) {
        verticals.add(new Mark(requireFinite(x, "vertical marker"), requireText(label, "marker label")));
        return this;
    }

    /** A dotted horizontal reference line at {@code y}, labelled at the right end. */
    public LineChart horizontalLine(double y, String label) {
        horizontals.add(new Mark(requireFinite(y, "horizontal line"), requireText(label, "line label")));
        return this;
    }

    @Override
    public JFreeChart toJFreeChart() {
        if (series.isEmpty()) {
            throw new IllegalStateException("line chart '" + title + "' has no series to draw");
        }
        if (logX) {
            for (Mark m : verticals) {
                if (m.at <= 0) {
                    throw new IllegalStateException("line chart '" + title + "': a log x axis cannot show the marker at "
                            + m.at);
                }
            }
        }
        if (logY && !Double.isNaN(yLo) && yLo <= 0) {
            throw new IllegalStateException("line chart '" + title + "': a log y axis needs a positive range, got ["
                    + yLo + ", " + yHi + "]");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        renderer.setLegendLine(new Line2D.Double(-14, 0, 14, 0));
        List<String> hidden = new ArrayList<>();
        boolean integerX = true;
        for (int s = 0; s < series.size(); s++) {
            Series one = series.get(s);
            XYSeries xy = new XYSeries(one.name, false, true);
            int dropped = 0;
            for (int k = 0; k < one.x.length; k++) {
                double x = one.x[k];
                double y = one.y[k];
                boolean drawable = Double.isFinite(x) && Double.isFinite(y) && (!logY || y > 0) && (!logX || x > 0);
                xy.add(drawable ? x : Double.NaN, drawable ? y : Double.NaN, false);
                dropped += drawable ? 0 : 1;
                integerX &= !Double.isFinite(x) || x == Math.rint(x);
            }
            if (dropped > 0) {
                hidden.add(dropped + " of " + one.name + (logY || logX ? " (NaN, infinite or <= 0)" : " (NaN or infinite)"));
            }
            data.addSeries(xy);
            Style style = palette.style(one.name);
            renderer.setSeriesPaint(s, style.color());
            renderer.setSeriesStroke(s, style.stroke());
            boolean dots = one.x.length <= DOTS_UP_TO && series.size() <= DOTS_SERIES_UP_TO;
            renderer.setSeriesShapesVisible(s, dots);
            renderer.setSeriesShape(s, new Ellipse2D.Double(-3, -3, 6, 6));
        }
        ValueAxis xAxis;
        if (logX) {
            xAxis = Theme.logXAxis(xLabel);
        } else {
            NumberAxis linear = Theme.xAxis(xLabel);
            if (integerX) {
                linear.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            }
            xAxis = linear;
        }
        ValueAxis yAxis = logY ? Theme.logYAxis(yLabel) : Theme.yAxis(yLabel);
        if (!Double.isNaN(yLo)) {
            yAxis.setRange(yLo, yHi);
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        addMarkers(plot, xRange());
        List<String> notes = hidden.isEmpty() ? List.of() : List.of("Points not drawn: " + String.join("; ", hidden));
        return Theme.chart(title, plot, notes, true);
    }

    private double[] xRange() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double x : s.x) {
                if (Double.isFinite(x) && (!logX || x > 0)) {
                    lo = Math.min(lo, scaledX(x));
                    hi = Math.max(hi, scaledX(x));
                }
            }
        }
        for (Mark m : verticals) {
            lo = Math.min(lo, scaledX(m.at));
            hi = Math.max(hi, scaledX(m.at));
        }
        return new double[] {lo, hi};
    }

    private void addMarkers(XYPlot plot, double[] xRange) {
        for (int i = 0; i < verticals.size(); i++) {
            Mark m = verticals.get(i);
            ValueMarker marker = marker(m, Dash.DASHED);
            // Labels go right of their line unless that would run past the plot's right edge.
            boolean rightHalf = xRange[1] > xRange[0] && (scaledX(m.at) - xRange[0]) / (xRange[1] - xRange[0]) > 0.75;
            marker.setLabelAnchor(rightHalf ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(rightHalf ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            // Stagger the labels so markers close together do not print over each other.
            marker.setLabelOffset(new RectangleInsets(6 + 18 * i, 4, 4, 4));
            plot.addDomainMarker(0, marker, Layer.FOREGROUND);
        }
        for (Mark m : horizontals) {
            ValueMarker marker = marker(m, Dash.DOTTED);
            marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(0, marker, Layer.FOREGROUND);
        }
    }

    /** Where {@code x} sits along the axis: itself, or its log on a log axis. */
    private double scaledX(double x) {
        return logX ? Math.log10(x) : x;
    }

    private static ValueMarker marker(Mark m, Dash dash) {
        ValueMarker marker = new ValueMarker(m.at, Theme.MUTED, dash.stroke(1.5f));
        marker.setLabel(m.label);
        marker.setLabelFont(Theme.ANNOTATION);
        marker.setLabelPaint(Theme.TEXT);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        return marker;
    }

    private double requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " of chart '" + title + "' must be at a finite value, got " + v);
        }
        return v;
    }

    static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + s + "'");
        }
        return s;
    }
}
