package io.descent.objective;

/**
 * The monkey-free saddle of the lecture, f(x, y) = y^4 - x^4: the origin is stationary, a minimum along y
 * and a maximum along x. Its Hessian there is zero, so the second-order test calls it degenerate; away from
 * the y axis f falls without bound, and methods that escape the saddle run off along x.
 */
public final class Saddle extends Function2D {
    public static final double[] SADDLE_POINT = {0, 0};

    @Override
    public String name() {
        return "saddle";
    }

    @Override
    public double value(double x, double y) {
        return y * y * y * y - x * x * x * x;
    }

    @Override
    public void gradient(double x, double y, double[] out) {
        out[0] = -4 * x * x * x;
        out[1] = 4 * y * y * y;
    }

    @Override
    public double[][] hessian(double x, double y) {
        return new double[][] {{-12 * x * x, 0}, {0, 12 * y * y}};
    }
}
