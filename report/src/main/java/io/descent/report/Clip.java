package io.descent.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a path to the part of it inside a {@link Box}, so a diverging optimizer's path is drawn up to the edge
 * of the plot instead of stretching the axes or overflowing the renderer's coordinates.
 *
 * <p>Each segment is clipped with the Liang-Barsky algorithm (Liang and Barsky, "A new concept and method for
 * line clipping", ACM TOG 3(1), 1984): with {@code p(t) = p0 + t (p1 - p0)}, {@code t} in [0, 1], each edge of
 * the box bounds {@code t} from one side, and what is left of [0, 1] is the visible piece. A path leaves the
 * box and comes back as separate pieces. A point that is NaN or infinite ends the current piece; so does a
 * segment too long to represent.
 *
 * <pre>{@code
 * List<Polyline> inside = Clip.toBox(new double[] {0, 10}, new double[] {0, 0}, new Box(-1, 1, -1, 1));
 * // one piece, from (0, 0) to (1, 0)
 * }</pre>
 */
public final class Clip {
    private Clip() {
    }

    /** The pieces of the path {@code (x[k], y[k])} inside {@code box}, each with at least two points. */
    public static List<Polyline> toBox(double[] x, double[] y, Box box) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("path needs as many x as y, got " + x.length + " and " + y.length);
        }
        List<Polyline> pieces = new ArrayList<>();
        Piece current = new Piece();
        for (int k = 0; k + 1 < x.length; k++) {
            double[] t = clipSegment(x[k], y[k], x[k + 1], y[k + 1], box);
            if (t == null) {
                current.flushInto(pieces);
                continue;
            }
            double dx = x[k + 1] - x[k];
            double dy = y[k + 1] - y[k];
            if (t[0] > 0 || current.isEmpty()) {
                current.flushInto(pieces);
                current.add(at(x[k], dx, t[0], x[k + 1], box.xmin(), box.xmax()),
                        at(y[k], dy, t[0], y[k + 1], box.ymin(), box.ymax()));
            }
            current.add(at(x[k], dx, t[1], x[k + 1], box.xmin(), box.xmax()),
                    at(y[k], dy, t[1], y[k + 1], box.ymin(), box.ymax()));
            if (t[1] < 1) {
                current.flushInto(pieces);
            }
        }
        current.flushInto(pieces);
        return pieces;
    }

    /**
     * The visible parameter interval {@code [t0, t1]} of the segment from {@code (x0, y0)} to {@code (x1, y1)},
     * or null when no part of it is inside or it cannot be represented.
     */
    static double[] clipSegment(double x0, double y0, double x1, double y1, Box box) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        if (!(Double.isFinite(x0) && Double.isFinite(y0) && Double.isFinite(dx) && Double.isFinite(dy))) {
            return null;
        }
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {x0 - box.xmin(), box.xmax() - x0, y0 - box.ymin(), box.ymax() - y0};
        double t0 = 0;
        double t1 = 1;
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return null;
                }
                continue;
            }
            double r = q[i] / p[i];
            if (p[i] < 0) {
                if (r > t1) {
                    return null;
                }
                t0 = Math.max(t0, r);
            } else {
                if (r < t0) {
                    return null;
                }
                t1 = Math.min(t1, r);
            }
        }
        return new double[] {t0, t1};
    }

    /** {@code start + t * delta}, exact at the ends and kept inside {@code [lo, hi]} against rounding. */
    private static double at(double start, double delta, double t, double end, double lo, double hi) {
        double v = t == 0 ? start : t == 1 ? end : start + t * delta;
        return Math.min(hi, Math.max(lo, v));
    }

    /** A piece being collected. */
    private static final class Piece {
        private double[] x = new double[16];
        private double[] y = new double[16];
        private int n;

        boolean isEmpty() {
            return n == 0;
        }

        void add(double px, double py) {
            if (n == x.length) {
                x = Arrays.copyOf(x, 2 * n);
                y = Arrays.copyOf(y, 2 * n);
            }
            x[n] = px;
            y[n] = py;
            n++;
        }

        void flushInto(List<Polyline> out) {
            if (n >= 2) {
                out.add(new Polyline(Arrays.copyOf(x, n), Arrays.copyOf(y, n)));
            }
            n = 0;
        }
    }
}
