package io.descent.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.TextAnchor;

/**
 * A symbol at one data point, drawn at a fixed size in pixels whatever the axis scales: the start (hollow
 * circle) or end (filled circle) of an optimizer path, or a marked point (a star) with a label beside it.
 */
final class PointMark extends AbstractXYAnnotation {
    private static final long serialVersionUID = 1L;

    /** The symbols. */
    enum Kind { START, END, STAR }

    private final double x;
    private final double y;
    private final Kind kind;
    private final Color color;
    private final String label;

    /** @param label text beside the symbol, or null for none */
    PointMark(double x, double y, Kind kind, Color color, String label) {
        this.x = x;
        this.y = y;
        this.kind = kind;
        this.color = color;
        this.label = label;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
            int rendererIndex, PlotRenderingInfo info) {
        double px = domainAxis.valueToJava2D(x, dataArea, plot.getDomainAxisEdge());
        double py = rangeAxis.valueToJava2D(y, dataArea, plot.getRangeAxisEdge());
        switch (kind) {
            case START -> {
                Shape s = new Ellipse2D.Double(px - 5, py - 5, 10, 10);
                g2.setPaint(Color.WHITE);
                g2.fill(s);
                g2.setPaint(color);
                g2.setStroke(new BasicStroke(2.2f));
                g2.draw(s);
            }
            case END -> {
                Shape s = new Ellipse2D.Double(px - 5.5, py - 5.5, 11, 11);
                g2.setPaint(color);
                g2.fill(s);
                g2.setPaint(Color.WHITE);
                g2.setStroke(new BasicStroke(1.2f));
                g2.draw(s);
            }
            case STAR -> {
                Shape s = star(px, py, 9, 4);
                g2.setPaint(color);
                g2.fill(s);
                g2.setPaint(Color.WHITE);
                g2.setStroke(new BasicStroke(1f));
                g2.draw(s);
            }
            default -> throw new IllegalStateException("unknown mark " + kind);
        }
        if (label != null) {
            drawLabel(g2, px, py, dataArea);
        }
    }

    private void drawLabel(Graphics2D g2, double px, double py, Rectangle2D dataArea) {
        g2.setFont(Theme.ANNOTATION);
        double width = g2.getFontMetrics().stringWidth(label);
        boolean left = px + 12 + width > dataArea.getMaxX();
        boolean below = py - 22 < dataArea.getMinY();
        float tx = (float) (left ? px - 10 : px + 10);
        float ty = (float) (below ? py + 8 : py - 8);
        TextAnchor anchor = below ? (left ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT)
                : (left ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
        Shape bounds = TextUtils.calculateRotatedStringBounds(label, g2, tx, ty, anchor, 0, TextAnchor.CENTER);
        Rectangle2D r = bounds.getBounds2D();
        g2.setPaint(new Color(255, 255, 255, 215));
        g2.fill(new Rectangle2D.Double(r.getX() - 3, r.getY() - 1, r.getWidth() + 6, r.getHeight() + 2));
        g2.setPaint(Theme.TEXT);
        TextUtils.drawAlignedString(label, g2, tx, ty, anchor);
    }

    /** A five-pointed star centred at (cx, cy). */
    private static Shape star(double cx, double cy, double outer, double inner) {
        Path2D.Double p = new Path2D.Double();
        for (int k = 0; k < 10; k++) {
            double r = k % 2 == 0 ? outer : inner;
            double a = -Math.PI / 2 + k * Math.PI / 5;
            double sx = cx + r * Math.cos(a);
            double sy = cy + r * Math.sin(a);
            if (k == 0) {
                p.moveTo(sx, sy);
            } else {
                p.lineTo(sx, sy);
            }
        }
        p.closePath();
        return p;
    }
}
