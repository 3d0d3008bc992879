package io.descent.curvature;

import io.descent.tensor.Rng;

/** Symmetric test matrices with a known spectrum, and the operator of an explicit matrix. */
final class Matrices {
    private Matrices() {
    }

    /** v -> A v for an explicit symmetric A. */
    static HessianOperator operator(double[][] a) {
        return new HessianOperator() {
            @Override
            public int dimension() {
                return a.length;
            }

            @Override
            public void apply(double[] v, double[] out) {
                for (int i = 0; i < a.length; i++) {
                    double s = 0;
                    for (int j = 0; j < a.length; j++) {
                        s += a[i][j] * v[j];
                    }
                    out[i] = s;
                }
            }
        };
    }

    static double[][] diagonal(double[] d) {
        double[][] a = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            a[i][i] = d[i];
        }
        return a;
    }

    /** Q diag(d) Q' for a random orthogonal Q: Gram-Schmidt (twice) of a Gaussian matrix's columns. */
    static double[][] conjugated(double[] d, long seed) {
        int k = d.length;
        Rng rng = new Rng(seed);
        double[][] q = new double[k][k];   // q[j]: column j
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                q[j][i] = rng.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double c = Probes.dot(q[p], q[j]);
                    for (int i = 0; i < k; i++) {
                        q[j][i] -= c * q[p][i];
                    }
                }
            }
            Probes.normalize(q[j]);
        }
        double[][] a = new double[k][k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c <= r; c++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += q[j][r] * d[j] * q[j][c];
                }
                a[r][c] = s;
                a[c][r] = s;
            }
        }
        return a;
    }

    /** Eigenvalues spread over [lo, hi] with distinct gaps: lo + (hi - lo) (i / (k - 1))^1.5. */
    static double[] spread(int k, double lo, double hi) {
        double[] d = new double[k];
        for (int i = 0; i < k; i++) {
            d[i] = lo + (hi - lo) * Math.pow((double) i / (k - 1), 1.5);
        }
        return d;
    }

    static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += a[i][i];
        }
        return t;
    }

    /** tr(A^p) from the eigenvalues. */
    static double powerTrace(double[] d, int p) {
        double s = 0;
        for (double x : d) {
            s += Math.pow(x, p);
        }
        return s;
    }
}
