package io.descent.report;

/**
 * A chain of points {@code (x[k], y[k])} joined by straight segments. A closed one repeats its first point at
 * the end. The arrays are owned by the polyline; callers must not change them.
 *
 * @param x the x coordinates
 * @param y the y coordinates, as many as {@code x}
 */
public record Polyline(double[] x, double[] y) {

    public Polyline {
        if (x.length != y.length) {
            throw new IllegalArgumentException("polyline needs as many x as y, got " + x.length + " and " + y.length);
        }
    }

    /** Number of points. */
    public int size() {
        return x.length;
    }

    /** Whether the last point equals the first (and there are at least three points). */
    public boolean closed() {
        int n = x.length;
        return n > 2 && x[0] == x[n - 1] && y[0] == y[n - 1];
    }
}
