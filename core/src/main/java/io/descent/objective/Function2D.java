package io.descent.objective;

import io.descent.optim.Objective;
import io.descent.tensor.Tensor;

/**
 * A test function of a point (x, y), with its value, gradient and Hessian written out by hand. The
 * arithmetic is fixed, operation by operation, so that the parity fixtures' script
 * ({@code core/src/test/python/make_optim_fixtures.py}) computes bit-identical gradients in Python.
 */
public abstract class Function2D implements Objective {

    /** A short name for reports ("beale"). */
    public abstract String name();

    public abstract double value(double x, double y);

    /** Writes df/dx and df/dy into {@code out}. */
    public abstract void gradient(double x, double y, double[] out);

    /** The Hessian [[f_xx, f_xy], [f_xy, f_yy]]. */
    public abstract double[][] hessian(double x, double y);

    @Override
    public final int dimension() {
        return 2;
    }

    @Override
    public final double value(Tensor w) {
        check(w);
        return value(w.getFlat(0), w.getFlat(1));
    }

    @Override
    public final Tensor gradient(Tensor w) {
        check(w);
        double[] g = new double[2];
        gradient(w.getFlat(0), w.getFlat(1), g);
        return Tensor.wrap(g, 2);
    }

    @Override
    public final Tensor hessian(Tensor w) {
        check(w);
        double[][] h = hessian(w.getFlat(0), w.getFlat(1));
        return Tensor.wrap(new double[] {h[0][0], h[0][1], h[1][0], h[1][1]}, 2, 2);
    }

    private void check(Tensor w) {
        if (w.size() != 2) {
            throw new IllegalArgumentException(name() + ": needs a point of 2 values, got shape " + w.shape());
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
