package io.descent.report;

import java.awt.BasicStroke;
import java.awt.Stroke;

/**
 * How a line is drawn: solid or with a dash pattern. With colour it tells series apart for readers who
 * cannot tell two colours apart, and in print.
 */
public enum Dash {
    SOLID(null),
    DASHED(new float[] {7f, 4f}),
    DOTTED(new float[] {1.5f, 3.5f}),
    DASH_DOT(new float[] {8f, 3f, 1.5f, 3f});

    private final float[] unitPattern;

    Dash(float[] unitPattern) {
        this.unitPattern = unitPattern;
    }

    /** A stroke of the given width with this pattern; the pattern scales with the width. */
    public Stroke stroke(float width) {
        if (unitPattern == null) {
            return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
        float[] pattern = new float[unitPattern.length];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = unitPattern[i] * Math.max(1f, width / 1.5f);
        }
        return new BasicStroke(width, this == DOTTED ? BasicStroke.CAP_ROUND : BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, pattern, 0f);
    }
}
