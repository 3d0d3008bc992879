package io.descent.objective;

/**
 * Rosenbrock's banana (1960), minimum 0 at (a, a^2) at the end of a long curved valley:
 *
 * <pre>
 *   f(x, y) = (a - x)^2 + b (y - x^2)^2          (a = 1, b = 100 by default)
 * </pre>
 */
public final class Rosenbrock extends Function2D {
    private final double a;
    private final double b;

    public Rosenbrock() {
        this(1, 100);
    }

    public Rosenbrock(double a, double b) {
        this.a = a;
        this.b = b;
    }

    /** (a, a^2). */
    public double[] minimum() {
        return new double[] {a, a * a};
    }

    @Override
    public String name() {
        return "rosenbrock";
    }

    @Override
    public double value(double x, double y) {
        double d = y - x * x;
        return (a - x) * (a - x) + b * d * d;
    }

    @Override
    public void gradient(double x, double y, double[] out) {
        double d = y - x * x;
        out[0] = -2 * (a - x) - 4 * b * x * d;
        out[1] = 2 * b * d;
    }

    @Override
    public double[][] hessian(double x, double y) {
        double xx = 2 - 4 * b * (y - x * x) + 8 * b * x * x;
        double xy = -4 * b * x;
        return new double[][] {{xx, xy}, {xy, 2 * b}};
    }
}
