package io.descent.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Contour lines {@code f(x, y) = level} of a sampled function, by marching squares (Lorensen and Cline's
 * marching cubes, 1987, in two dimensions).
 *
 * <p>Each grid cell has four corners; a corner is "in" when its value is at least the level. Where the two
 * ends of a cell edge differ, the line crosses that edge, at the point found by linear interpolation of the
 * values. A cell has 0, 2 or 4 crossed edges; with 4 (a saddle: opposite corners in, the others out) the mean
 * of the corners decides which pair of corners the line keeps together. The segments of all cells are then
 * joined through their shared edge points into polylines: open ones end on the border of the grid or next to
 * a cell with a NaN or infinite corner (such cells are skipped), closed ones repeat their first point.
 *
 * <pre>{@code
 * Grid g = Grid.sample((x, y) -> x * x + y * y, new Box(-2, 2, -2, 2), 81, 81);
 * List<Polyline> circle = MarchingSquares.contour(g, 1.0);   // one closed polyline of radius ~1
 * }</pre>
 */
public final class MarchingSquares {
    private static final int BOTTOM = 0;
    private static final int RIGHT = 1;
    private static final int TOP = 2;
    private static final int LEFT = 3;

    private MarchingSquares() {
    }

    /** The polylines on which the sampled function equals {@code level}, in a deterministic order. */
    public static List<Polyline> contour(Grid g, double level) {
        if (!Double.isFinite(level)) {
            throw new IllegalArgumentException("contour level must be finite, got " + level);
        }
        Segments s = new Segments();
        for (int j = 0; j + 1 < g.ny(); j++) {
            for (int i = 0; i + 1 < g.nx(); i++) {
                cell(g, level, i, j, s);
            }
        }
        return s.join();
    }

    private static void cell(Grid g, double level, int i, int j, Segments s) {
        double a = g.value(i, j);
        double b = g.value(i + 1, j);
        double c = g.value(i + 1, j + 1);
        double d = g.value(i, j + 1);
        if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d))) {
            return;
        }
        boolean ia = a >= level;
        boolean ib = b >= level;
        boolean ic = c >= level;
        boolean id = d >= level;
        int[] crossed = new int[4];
        int n = 0;
        if (ia != ib) {
            crossed[n++] = BOTTOM;
        }
        if (ib != ic) {
            crossed[n++] = RIGHT;
        }
        if (ic != id) {
            crossed[n++] = TOP;
        }
        if (id != ia) {
            crossed[n++] = LEFT;
        }
        if (n == 2) {
            s.add(g, level, i, j, crossed[0], crossed[1]);
        } else if (n == 4) {
            boolean centreIn = (a + b + c + d) / 4 >= level;
            if (centreIn == ia) {
                // a joins the centre (and c): the line cuts off corners b and d.
                s.add(g, level, i, j, BOTTOM, RIGHT);
                s.add(g, level, i, j, TOP, LEFT);
            } else {
                // b joins the centre (and d): the line cuts off corners a and c.
                s.add(g, level, i, j, LEFT, BOTTOM);
                s.add(g, level, i, j, RIGHT, TOP);
            }
        }
    }

    /** Segments between edge points, each edge point named by a unique integer, then joined into polylines. */
    private static final class Segments {
        private final Map<Integer, double[]> points = new HashMap<>();
        private final Map<Integer, int[]> segmentsAt = new HashMap<>();
        private int[] from = new int[64];
        private int[] to = new int[64];
        private int count;

        void add(Grid g, double level, int i, int j, int e1, int e2) {
            int p = point(g, level, i, j, e1);
            int q = point(g, level, i, j, e2);
            if (count == from.length) {
                from = Arrays.copyOf(from, 2 * count);
                to = Arrays.copyOf(to, 2 * count);
            }
            from[count] = p;
            to[count] = q;
            attach(p, count);
            attach(q, count);
            count++;
        }

        private void attach(int point, int segment) {
            int[] at = segmentsAt.computeIfAbsent(point, k -> new int[] {-1, -1});
            at[at[0] < 0 ? 0 : 1] = segment;
        }

        /** The crossing on edge {@code e} of cell (i, j); horizontal edge (i, j) is 2 (j nx + i), vertical is +1. */
        private int point(Grid g, double level, int i, int j, int e) {
            int ci = e == RIGHT ? i + 1 : i;
            int cj = e == TOP ? j + 1 : j;
            boolean horizontal = e == BOTTOM || e == TOP;
            int id = 2 * (cj * g.nx() + ci) + (horizontal ? 0 : 1);
            points.computeIfAbsent(id, k -> {
                int i2 = horizontal ? ci + 1 : ci;
                int j2 = horizontal ? cj : cj + 1;
                double v1 = g.value(ci, cj);
                double v2 = g.value(i2, j2);
                double t = (level - v1) / (v2 - v1);
                return new double[] {
                    g.x(ci) + t * (g.x(i2) - g.x(ci)),
                    g.y(cj) + t * (g.y(j2) - g.y(cj))
                };
            });
            return id;
        }

        List<Polyline> join() {
            boolean[] used = new boolean[count];
            List<Polyline> lines = new ArrayList<>();
            // Open polylines first, each walked from an end (a point on only one segment).
            for (int s = 0; s < count; s++) {
                for (int end : new int[] {from[s], to[s]}) {
                    if (!used[s] && segmentsAt.get(end)[1] < 0) {
                        lines.add(walk(end, s, used));
                    }
                }
            }
            // What is left are closed loops.
            for (int s = 0; s < count; s++) {
                if (!used[s]) {
                    lines.add(walk(from[s], s, used));
                }
            }
            return lines;
        }

        private Polyline walk(int start, int firstSegment, boolean[] used) {
            List<double[]> chain = new ArrayList<>();
            chain.add(points.get(start));
            int point = start;
            int segment = firstSegment;
            while (segment >= 0 && !used[segment]) {
                used[segment] = true;
                point = from[segment] == point ? to[segment] : from[segment];
                chain.add(points.get(point));
                int[] at = segmentsAt.get(point);
                segment = at[0] == segment ? at[1] : at[0];
            }
            double[] x = new double[chain.size()];
            double[] y = new double[chain.size()];
            for (int k = 0; k < x.length; k++) {
                x[k] = chain.get(k)[0];
                y[k] = chain.get(k)[1];
            }
            return new Polyline(x, y);
        }
    }
}
