package io.descent.optim;

/**
 * The layer-wise trust ratio of LARS and LAMB, ||w|| / ||u|| per parameter tensor, with the convention of
 * their reference implementations that a tensor whose weights or update have norm zero (a bias that starts
 * at zero, a step with no gradient) takes the ratio 1, the plain step, instead of 0 or infinity.
 */
final class TrustRatio {
    private TrustRatio() {
    }

    /**
     * {@code ratio}, or 1 when the weights' norm or the other norm (update, gradient) is zero or not finite
     * (then the plain step lets the problem show instead of hiding it in a ratio of 0 or NaN).
     */
    static double of(double weightNorm, double otherNorm, double ratio) {
        boolean usable = weightNorm > 0 && otherNorm > 0 && !Double.isInfinite(weightNorm) && !Double.isInfinite(otherNorm);
        return usable ? ratio : 1;
    }

    /** Euclidean norm of a float64 array, summed in double. */
    static double norm(double[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i] * x[i];
        }
        return Math.sqrt(s);
    }

    /** Euclidean norm of a float32 array, summed in double. */
    static double norm(float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s);
    }
}
