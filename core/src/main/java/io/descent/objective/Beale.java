package io.descent.objective;

/**
 * Beale's function (1958), minimum 0 at (3, 0.5), with steep walls and flat valleys:
 *
 * <pre>
 *   f(x, y) = (1.5 - x + x y)^2 + (2.25 - x + x y^2)^2 + (2.625 - x + x y^3)^2
 * </pre>
 */
public final class Beale extends Function2D {
    public static final double[] MINIMUM = {3, 0.5};

    @Override
    public String name() {
        return "beale";
    }

    @Override
    public double value(double x, double y) {
        double y2 = y * y;
        double y3 = y2 * y;
        double a = 1.5 - x + x * y;
        double b = 2.25 - x + x * y2;
        double c = 2.625 - x + x * y3;
        return a * a + b * b + c * c;
    }

    @Override
    public void gradient(double x, double y, double[] out) {
        double y2 = y * y;
        double y3 = y2 * y;
        double a = 1.5 - x + x * y;
        double b = 2.25 - x + x * y2;
        double c = 2.625 - x + x * y3;
        out[0] = 2 * a * (y - 1) + 2 * b * (y2 - 1) + 2 * c * (y3 - 1);
        out[1] = 2 * a * x + 2 * b * (2 * x * y) + 2 * c * (3 * x * y2);
    }

    @Override
    public double[][] hessian(double x, double y) {
        double y2 = y * y;
        double y3 = y2 * y;
        double b = 2.25 - x + x * y2;
        double c = 2.625 - x + x * y3;
        double a = 1.5 - x + x * y;
        // da/dx = y - 1, db/dx = y^2 - 1, dc/dx = y^3 - 1; da/dy = x, db/dy = 2xy, dc/dy = 3xy^2
        double xx = 2 * (y - 1) * (y - 1) + 2 * (y2 - 1) * (y2 - 1) + 2 * (y3 - 1) * (y3 - 1);
        double xy = 2 * x * (y - 1) + 2 * a + 2 * (2 * x * y) * (y2 - 1) + 2 * b * (2 * y)
                + 2 * (3 * x * y2) * (y3 - 1) + 2 * c * (3 * y2);
        double yy = 2 * x * x + 2 * (2 * x * y) * (2 * x * y) + 2 * b * (2 * x)
                + 2 * (3 * x * y2) * (3 * x * y2) + 2 * c * (6 * x * y);
        return new double[][] {{xx, xy}, {xy, yy}};
    }
}
