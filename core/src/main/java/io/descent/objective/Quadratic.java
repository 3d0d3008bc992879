package io.descent.objective;

import io.descent.optim.Objective;
import io.descent.tensor.Tensor;

/**
 * The quadratic f(w) = (1/2) w'A w - b'w with A symmetric: gradient A w - b, Hessian A, minimizer A^-1 b
 * when A is positive definite. Gradient descent on it converges at a rate set by the condition number
 * lambda_max / lambda_min of A, the lecture's picture of ill-conditioning.
 */
public final class Quadratic implements Objective {
    private final int k;
    private final double[] a;
    private final double[] b;

    /**
     * @param a the k x k symmetric matrix A
     * @param b the linear term b, of k values
     */
    public Quadratic(double[][] a, double[] b) {
        this.k = b.length;
        if (a.length != k) {
            throw new IllegalArgumentException("quadratic: A has " + a.length + " rows, b has " + k + " values");
        }
        this.a = new double[k * k];
        for (int i = 0; i < k; i++) {
            if (a[i].length != k) {
                throw new IllegalArgumentException("quadratic: A must be " + k + " x " + k);
            }
            for (int j = 0; j < k; j++) {
                if (a[i][j] != a[j][i]) {
                    throw new IllegalArgumentException("quadratic: A must be symmetric, A[" + i + "][" + j + "] = "
                            + a[i][j] + " but A[" + j + "][" + i + "] = " + a[j][i]);
                }
                this.a[i * k + j] = a[i][j];
            }
        }
        this.b = b.clone();
    }

    /**
     * The 2-D quadratic (1/2) w'A w with eigenvalues 1 and {@code condition}, its axes turned by 30 degrees
     * so that no coordinate-wise method sees them: the ill-conditioned bowl, minimum 0 at the origin.
     */
    public static Quadratic illConditioned(double condition) {
        if (!(condition >= 1)) {
            throw new IllegalArgumentException("quadratic: condition = " + condition + " is outside [1, inf)");
        }
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        // A = R diag(1, condition) R'
        double a00 = c * c + condition * s * s;
        double a01 = c * s - condition * c * s;
        double a11 = s * s + condition * c * c;
        return new Quadratic(new double[][] {{a00, a01}, {a01, a11}}, new double[] {0, 0});
    }

    @Override
    public int dimension() {
        return k;
    }

    @Override
    public double value(Tensor w) {
        double[] x = w.toDoubleArray();
        double f = 0;
        for (int i = 0; i < k; i++) {
            double ax = 0;
            for (int j = 0; j < k; j++) {
                ax += a[i * k + j] * x[j];
            }
            f += x[i] * (0.5 * ax - b[i]);
        }
        return f;
    }

    @Override
    public Tensor gradient(Tensor w) {
        double[] x = w.toDoubleArray();
        double[] g = new double[k];
        for (int i = 0; i < k; i++) {
            double ax = 0;
            for (int j = 0; j < k; j++) {
                ax += a[i * k + j] * x[j];
            }
            g[i] = ax - b[i];
        }
        return Tensor.wrap(g, k);
    }

    @Override
    public Tensor hessian(Tensor w) {
        return Tensor.wrap(a.clone(), k, k);
    }
}
