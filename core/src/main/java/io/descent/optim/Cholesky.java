package io.descent.optim;

/**
 * The Cholesky factorization A = L L' of a symmetric positive definite matrix (row-major, k x k), and the
 * solution of A x = b by two triangular solves. About k^3 / 3 multiply-adds.
 */
final class Cholesky {
    private Cholesky() {
    }

    /**
     * Overwrites the lower triangle of {@code a} with L. Returns false, leaving {@code a} partly
     * overwritten, when A is not positive definite (a pivot is not positive).
     */
    static boolean factor(double[] a, int k) {
        for (int j = 0; j < k; j++) {
            double pivot = a[j * k + j];
            for (int p = 0; p < j; p++) {
                pivot -= a[j * k + p] * a[j * k + p];
            }
            if (!(pivot > 0)) {
                return false;
            }
            double ljj = Math.sqrt(pivot);
            a[j * k + j] = ljj;
            for (int i = j + 1; i < k; i++) {
                double s = a[i * k + j];
                for (int p = 0; p < j; p++) {
                    s -= a[i * k + p] * a[j * k + p];
                }
                a[i * k + j] = s / ljj;
            }
        }
        return true;
    }

    /** Solves L L' x = b in place, with L from {@link #factor}. */
    static void solve(double[] l, int k, double[] b) {
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[i * k + p] * b[p];
            }
            b[i] = s / l[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = b[i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p * k + i] * b[p];
            }
            b[i] = s / l[i * k + i];
        }
    }
}
