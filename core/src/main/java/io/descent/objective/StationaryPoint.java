package io.descent.objective;

import io.descent.optim.Objective;
import io.descent.tensor.Tensor;

/**
 * The second-order test: at a stationary point (grad f = 0) the signs of the Hessian's eigenvalues tell
 * its kind.
 *
 * <ul>
 *   <li>all positive: a strict local minimum; all negative: a strict local maximum;</li>
 *   <li>some positive and some negative: a saddle point;</li>
 *   <li>otherwise, when some eigenvalue is zero and the others share a sign: degenerate, the test cannot
 *       tell (y^4 - x^4 at the origin, whose Hessian is zero).</li>
 * </ul>
 *
 * An eigenvalue counts as zero when |lambda| &lt;= 1e-8 max(1, max |lambda_i|), which absorbs the rounding of
 * the Hessian and of Jacobi's iteration.
 */
public final class StationaryPoint {
    /** Eigenvalues within this fraction of the largest (or of 1) count as zero. */
    public static final double ZERO_TOLERANCE = 1e-8;

    private StationaryPoint() {
    }

    public enum Kind { MINIMUM, MAXIMUM, SADDLE, DEGENERATE }

    /** The kind the Hessian {@code h} (symmetric, k x k) indicates. */
    public static Kind classify(double[][] h) {
        double[] lambda = Jacobi.eigenvalues(h);
        double scale = 1;
        for (double l : lambda) {
            scale = Math.max(scale, Math.abs(l));
        }
        double zero = ZERO_TOLERANCE * scale;
        boolean positive = false;
        boolean negative = false;
        boolean flat = false;
        for (double l : lambda) {
            if (l > zero) {
                positive = true;
            } else if (l < -zero) {
                negative = true;
            } else {
                flat = true;
            }
        }
        if (positive && negative) {
            return Kind.SADDLE;
        }
        if (flat) {
            return Kind.DEGENERATE;
        }
        return positive ? Kind.MINIMUM : Kind.MAXIMUM;
    }

    /** The kind the Hessian of a [k, k] tensor indicates. */
    public static Kind classify(Tensor hessian) {
        if (hessian.rank() != 2 || hessian.dim(0) != hessian.dim(1)) {
            throw new IllegalArgumentException("classify: needs a square matrix, got shape " + hessian.shape());
        }
        int k = hessian.dim(0);
        double[][] h = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                h[i][j] = hessian.get(i, j);
            }
        }
        return classify(h);
    }

    /** The kind {@code f}'s Hessian indicates at {@code point}. */
    public static Kind classify(Objective f, double[] point) {
        return classify(f.hessian(Tensor.of(point, point.length)));
    }
}
