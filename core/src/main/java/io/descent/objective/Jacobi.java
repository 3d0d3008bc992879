package io.descent.objective;

/**
 * Eigenvalues of a symmetric matrix by the cyclic Jacobi method (Jacobi 1846; Golub and Van Loan 2013,
 * section 8.5): plane rotations J' A J zero one off-diagonal entry at a time, sweep after sweep, until the
 * off-diagonal mass is below 1e-30 of the total; the diagonal then holds the eigenvalues. Accurate to
 * about the machine precision times the norm of A, and quadratically convergent; meant for the small
 * Hessians of toy problems and models within Newton's reach.
 */
public final class Jacobi {
    private static final int MAX_SWEEPS = 100;

    private Jacobi() {
    }

    /** The eigenvalues of the symmetric {@code a} (k x k, not changed), in ascending order. */
    public static double[] eigenvalues(double[][] a) {
        int k = a.length;
        double[][] m = new double[k][];
        for (int i = 0; i < k; i++) {
            if (a[i].length != k) {
                throw new IllegalArgumentException("jacobi: the matrix must be square, row " + i + " has "
                        + a[i].length + " entries, not " + k);
            }
            m[i] = a[i].clone();
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new ArithmeticException("jacobi: a[" + i + "][" + j + "] = " + m[i][j]);
                }
                if (m[i][j] != m[j][i]) {
                    throw new IllegalArgumentException("jacobi: the matrix must be symmetric, a[" + i + "][" + j
                            + "] = " + m[i][j] + " but a[" + j + "][" + i + "] = " + m[j][i]);
                }
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(m) > 1e-30 * total(m); sweep++) {
            for (int p = 0; p < k; p++) {
                for (int q = p + 1; q < k; q++) {
                    rotate(m, p, q);
                }
            }
        }
        double[] values = new double[k];
        for (int i = 0; i < k; i++) {
            values[i] = m[i][i];
        }
        java.util.Arrays.sort(values);
        return values;
    }

    /** Zeroes m[p][q] (and m[q][p]) by a rotation in the (p, q) plane. */
    private static void rotate(double[][] m, int p, int q) {
        double apq = m[p][q];
        if (apq == 0) {
            return;
        }
        // tan(2 theta) = 2 apq / (aqq - app); t = tan(theta), the smaller root, for stability
        double theta = (m[q][q] - m[p][p]) / (2 * apq);
        double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        if (theta == 0) {
            t = 1;
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        int k = m.length;
        for (int r = 0; r < k; r++) {
            double mrp = m[r][p];
            double mrq = m[r][q];
            m[r][p] = c * mrp - s * mrq;
            m[r][q] = s * mrp + c * mrq;
        }
        for (int r = 0; r < k; r++) {
            double mpr = m[p][r];
            double mqr = m[q][r];
            m[p][r] = c * mpr - s * mqr;
            m[q][r] = s * mpr + c * mqr;
        }
        m[p][q] = 0;
        m[q][p] = 0;
    }

    private static double offDiagonal(double[][] m) {
        double s = 0;
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (i != j) {
                    s += m[i][j] * m[i][j];
                }
            }
        }
        return s;
    }

    private static double total(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s;
    }
}
