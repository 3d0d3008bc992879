package io.descent.report;

/**
 * A rectangle {@code [xmin, xmax] x [ymin, ymax]} of the plane: the part of it a chart shows.
 *
 * <pre>{@code
 * Box beale = new Box(-4.5, 4.5, -4.5, 4.5);
 * beale.contains(3, 0.5);   // true
 * }</pre>
 *
 * @param xmin left edge, finite
 * @param xmax right edge, finite and above {@code xmin}
 * @param ymin bottom edge, finite
 * @param ymax top edge, finite and above {@code ymin}
 */
public record Box(double xmin, double xmax, double ymin, double ymax) {

    /** Checks that the edges are finite and each range is non-empty. */
    public Box {
        if (!(Double.isFinite(xmin) && Double.isFinite(xmax) && Double.isFinite(ymin) && Double.isFinite(ymax))) {
            throw new IllegalArgumentException("box " + describe(xmin, xmax, ymin, ymax) + ": edges must be finite");
        }
        if (!(xmin < xmax && ymin < ymax)) {
            throw new IllegalArgumentException("box " + describe(xmin, xmax, ymin, ymax)
                    + ": needs xmin < xmax and ymin < ymax");
        }
    }

    /** Whether {@code (x, y)} lies in the box, edges included. */
    public boolean contains(double x, double y) {
        return x >= xmin && x <= xmax && y >= ymin && y <= ymax;
    }

    /** {@code xmax - xmin}. */
    public double width() {
        return xmax - xmin;
    }

    /** {@code ymax - ymin}. */
    public double height() {
        return ymax - ymin;
    }

    @Override
    public String toString() {
        return describe(xmin, xmax, ymin, ymax);
    }

    private static String describe(double xmin, double xmax, double ymin, double ymax) {
        return "[" + xmin + ", " + xmax + "] x [" + ymin + ", " + ymax + "]";
    }
}
