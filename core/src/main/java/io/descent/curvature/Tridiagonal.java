package io.descent.curvature;

/**
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix T (diagonal alpha, off-diagonal beta) by the
 * implicit QL method with Wilkinson shifts (the EISPACK routine tql2; Bowdler, Martin, Reinsch and Wilkinson
 * 1968): plane rotations T &lt;- Q' T Q drive the off-diagonal to zero, accumulated into Z, so that T = Z diag(d) Z'.
 * Cubic in the size for the vectors, which is small here: the number of Lanczos steps.
 */
final class Tridiagonal {
    /** Iterations allowed per eigenvalue; tql2 needs one or two on average. */
    private static final int MAX_ITERATIONS = 60;

    /**
     * @param values  the eigenvalues, ascending
     * @param vectors {@code vectors[i][j]}: component i of the unit eigenvector of {@code values[j]}
     */
    record Eigen(double[] values, double[][] vectors) {
    }

    private Tridiagonal() {
    }

    /**
     * @param alpha the diagonal, length m
     * @param beta  the off-diagonal, T[i][i+1] = T[i+1][i] = beta[i] for i &lt; m - 1 (longer arrays: the rest is ignored)
     */
    static Eigen eigen(double[] alpha, double[] beta, int m) {
        double[] d = new double[m];
        double[] e = new double[m];
        System.arraycopy(alpha, 0, d, 0, m);
        for (int i = 0; i + 1 < m; i++) {
            e[i] = beta[i];
        }
        double[][] z = new double[m][m];
        for (int i = 0; i < m; i++) {
            z[i][i] = 1;
        }
        double shift = 0;
        double norm = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < m; l++) {
            norm = Math.max(norm, Math.abs(d[l]) + Math.abs(e[l]));
            int n = l;
            while (n < m - 1 && Math.abs(e[n]) > eps * norm) {
                n++;
            }
            int iterations = 0;
            while (n > l && Math.abs(e[l]) > eps * norm) {
                if (++iterations > MAX_ITERATIONS) {
                    throw new ArithmeticException("tridiagonal eigenvalues: no convergence at row " + l);
                }
                // the shift: the eigenvalue of the leading 2 x 2 block nearer d[l]
                double g = d[l];
                double p = (d[l + 1] - g) / (2 * e[l]);
                double r = Math.hypot(p, 1);
                if (p < 0) {
                    r = -r;
                }
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                double dl1 = d[l + 1];
                double h = g - d[l];
                for (int i = l + 2; i < m; i++) {
                    d[i] -= h;
                }
                shift += h;
                // the implicit QL sweep from the bottom of the unreduced block up
                p = d[n];
                double c = 1;
                double c2 = 1;
                double c3 = 1;
                double el1 = e[l + 1];
                double s = 0;
                double s2 = 0;
                for (int i = n - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = Math.hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                    for (int k = 0; k < m; k++) {
                        double zk = z[k][i + 1];
                        z[k][i + 1] = s * z[k][i] + c * zk;
                        z[k][i] = c * z[k][i] - s * zk;
                    }
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
            }
            d[l] += shift;
            e[l] = 0;
        }
        sort(d, z);
        return new Eigen(d, z);
    }

    /** Selection sort of the values, ascending, moving the vectors along (m is small). */
    private static void sort(double[] d, double[][] z) {
        int m = d.length;
        for (int i = 0; i < m - 1; i++) {
            int k = i;
            for (int j = i + 1; j < m; j++) {
                if (d[j] < d[k]) {
                    k = j;
                }
            }
            if (k != i) {
                double t = d[k];
                d[k] = d[i];
                d[i] = t;
                for (double[] row : z) {
                    t = row[i];
                    row[i] = row[k];
                    row[k] = t;
                }
            }
        }
    }
}
