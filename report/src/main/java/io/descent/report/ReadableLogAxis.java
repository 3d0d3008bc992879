package io.descent.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log axis, vertical or horizontal, whose ticks stay readable. Over two decades or more it ticks whole
 * powers of ten (every one, or every second, ... when they are too many), labelled 10^k. Over less (a loss going
 * from 0.7 to 0.3), JFreeChart would tick fractional exponents such as 10^-0.15; this axis ticks round values
 * instead, 1, 2 and 5 times a power of ten (or every digit when that gives too few), labelled as plain numbers.
 */
final class ReadableLogAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private static final double[][] MANTISSAS = {{1, 2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9}};

    ReadableLogAxis(String label) {
        super(label);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        List<NumberTick> ticks = narrowRangeTicks(edge);
        return ticks != null ? ticks : super.refreshTicksVertical(g2, dataArea, edge);
    }

    @Override
    @SuppressWarnings("rawtypes")
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        List<NumberTick> ticks = narrowRangeTicks(edge);
        return ticks != null ? ticks : super.refreshTicksHorizontal(g2, dataArea, edge);
    }

    /**
     * Over two decades or more, ticks only at whole powers of ten: JFreeChart would tick every half or fifth of a
     * decade on a tall axis, labelled 10^0.5 or 10^1.2, which nobody reads as numbers.
     */
    @Override
    protected void selectAutoTickUnit(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        super.selectAutoTickUnit(g2, dataArea, edge);
        double size = getTickUnit().getSize();
        if (size < 1 || size != Math.rint(size)) {
            setTickUnit(new NumberTickUnit(Math.max(1, Math.ceil(size))), false, false);
        }
    }

    /** Round ticks for a range of less than two decades; null when JFreeChart's powers of ten serve. */
    private List<NumberTick> narrowRangeTicks(RectangleEdge edge) {
        double lo = getLowerBound();
        double hi = getUpperBound();
        if (!(lo > 0) || Math.log10(hi / lo) >= 2) {
            return null;
        }
        List<NumberTick> ticks = List.of();
        for (double[] mantissas : MANTISSAS) {
            ticks = roundTicks(lo, hi, mantissas, edge);
            if (ticks.size() >= 4) {
                break;
            }
        }
        return ticks.size() >= 2 ? ticks : null;
    }

    /** Ticks at {@code m * 10^k} inside [lo, hi] for each mantissa m, in increasing order. */
    static List<NumberTick> roundTicks(double lo, double hi, double[] mantissas, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT
                : edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT
                : edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        List<NumberTick> ticks = new ArrayList<>();
        for (int k = (int) Math.floor(Math.log10(lo)); k <= (int) Math.ceil(Math.log10(hi)); k++) {
            for (double m : mantissas) {
                // Parse the decimal text so that 3e-1 is the double nearest 0.3, not 3 * 0.1.
                double v = Double.parseDouble((int) m + "e" + k);
                if (v >= lo && v <= hi) {
                    ticks.add(new NumberTick(TickType.MAJOR, v, Numbers.format(v), anchor, anchor, 0));
                }
            }
        }
        return ticks;
    }
}
