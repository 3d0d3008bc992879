package io.descent.report;

import java.util.function.DoubleBinaryOperator;

/**
 * A function of two variables sampled on a regular grid over a {@link Box}: {@code nx} points from
 * {@code xmin} to {@code xmax} (both included) times {@code ny} points from {@code ymin} to {@code ymax}.
 * Value {@code value(i, j)} is {@code f(x(i), y(j))}. Immutable.
 *
 * <p>Sample it here from a function, or hand in values computed elsewhere (for example a whole grid pushed
 * through a model in one batch) with {@link #of}.
 *
 * <pre>{@code
 * Grid g = Grid.sample((x, y) -> x * x + y * y, new Box(-2, 2, -2, 2), 101, 101);
 * g.value(50, 50);   // 0.0, the centre
 * }</pre>
 */
public final class Grid {
    private final Box box;
    private final int nx;
    private final int ny;
    private final double[] values;

    private Grid(Box box, int nx, int ny, double[] values) {
        this.box = box;
        this.nx = nx;
        this.ny = ny;
        this.values = values;
    }

    /**
     * Samples {@code f} at every grid point.
     *
     * @param nx number of points along x, at least 2
     * @param ny number of points along y, at least 2
     */
    public static Grid sample(DoubleBinaryOperator f, Box box, int nx, int ny) {
        checkSize(nx, ny);
        double[] v = new double[nx * ny];
        for (int j = 0; j < ny; j++) {
            double y = coordinate(box.ymin(), box.ymax(), ny, j);
            for (int i = 0; i < nx; i++) {
                v[j * nx + i] = f.applyAsDouble(coordinate(box.xmin(), box.xmax(), nx, i), y);
            }
        }
        return new Grid(box, nx, ny, v);
    }

    /**
     * Wraps values already computed: {@code values[j * nx + i] = f(x(i), y(j))}, rows of constant y from the
     * bottom up. The array is copied.
     */
    public static Grid of(Box box, int nx, int ny, double[] values) {
        checkSize(nx, ny);
        if (values.length != (long) nx * ny) {
            throw new IllegalArgumentException("grid " + nx + " x " + ny + " needs " + (long) nx * ny
                    + " values, got " + values.length);
        }
        return new Grid(box, nx, ny, values.clone());
    }

    private static void checkSize(int nx, int ny) {
        if (nx < 2 || ny < 2 || (long) nx * ny > 16_000_000L) {
            throw new IllegalArgumentException("grid " + nx + " x " + ny
                    + ": needs at least 2 points along each axis and at most 16 million in all");
        }
    }

    private static double coordinate(double lo, double hi, int n, int k) {
        return k == n - 1 ? hi : lo + (hi - lo) * k / (n - 1);
    }

    public Box box() {
        return box;
    }

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    /** The x coordinate of column {@code i}. */
    public double x(int i) {
        return coordinate(box.xmin(), box.xmax(), nx, i);
    }

    /** The y coordinate of row {@code j}. */
    public double y(int j) {
        return coordinate(box.ymin(), box.ymax(), ny, j);
    }

    /** The sampled value at column {@code i}, row {@code j}. */
    public double value(int i, int j) {
        return values[j * nx + i];
    }

    /** Distance between neighbouring columns. */
    public double dx() {
        return box.width() / (nx - 1);
    }

    /** Distance between neighbouring rows. */
    public double dy() {
        return box.height() / (ny - 1);
    }

    /** The smallest finite value, or NaN when there is none. */
    public double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v) && v < m) {
                m = v;
            }
        }
        return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
    }

    /** The largest finite value, or NaN when there is none. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v) && v > m) {
                m = v;
            }
        }
        return m == Double.NEGATIVE_INFINITY ? Double.NaN : m;
    }

    /** The smallest value strictly above {@code threshold} among the finite ones, or NaN when there is none. */
    double smallestAbove(double threshold) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v) && v > threshold && v < m) {
                m = v;
            }
        }
        return m == Double.POSITIVE_INFINITY ? Double.NaN : m;
    }
}
