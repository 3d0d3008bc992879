package io.descent.report;

import java.awt.Color;
import java.awt.Stroke;

/**
 * The look of one named series: a colour and a dash pattern.
 *
 * @param color the line and marker colour
 * @param dash  the dash pattern of the line
 */
public record Style(Color color, Dash dash) {

    /** Line width, in pixels at 800 x 600, of every series line. */
    public static final float LINE_WIDTH = 2.2f;

    public Style {
        if (color == null || dash == null) {
            throw new IllegalArgumentException("style needs a colour and a dash pattern, got " + color + ", " + dash);
        }
    }

    /** The stroke to draw this series with, {@link #LINE_WIDTH} wide. */
    public Stroke stroke() {
        return dash.stroke(LINE_WIDTH);
    }
}
