package io.descent.optim;

import io.descent.tensor.Tensor;

/**
 * The Hessian as central differences of the gradient, column by column:
 *
 * <pre>
 *   H[:, j] = (grad f(w + h_j e_j) - grad f(w - h_j e_j)) / (2 h_j),    h_j = eps^(1/3) max(1, |w_j|)
 * </pre>
 *
 * then symmetrized, (H + H') / 2. With eps the float64 machine epsilon, h_j is about 6e-6 |w_j|: the
 * truncation error h^2 |f'''| / 6 and the rounding error eps |grad f| / h are then both near 1e-11 for
 * functions of moderate scale, so entries are good to about 1e-10 relative. It costs 2k gradient
 * evaluations.
 */
public final class FiniteDifferences {
    /** eps^(1/3): the step that balances truncation and rounding for central differences. */
    public static final double STEP = Math.cbrt(Math.ulp(1.0));

    private FiniteDifferences() {
    }

    public static Tensor hessian(Objective f, Tensor w) {
        int k = f.dimension();
        double[] x = w.toDoubleArray();
        double[] h = new double[k * k];
        for (int j = 0; j < k; j++) {
            double orig = x[j];
            double step = STEP * Math.max(1, Math.abs(orig));
            x[j] = orig + step;
            double plusAt = x[j];
            double[] gPlus = f.gradient(Tensor.of(x, k)).toDoubleArray();
            x[j] = orig - step;
            double width = plusAt - x[j];              // the distance actually stepped, after rounding
            double[] gMinus = f.gradient(Tensor.of(x, k)).toDoubleArray();
            x[j] = orig;
            for (int i = 0; i < k; i++) {
                h[i * k + j] = (gPlus[i] - gMinus[i]) / width;
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                double s = 0.5 * (h[i * k + j] + h[j * k + i]);
                h[i * k + j] = s;
                h[j * k + i] = s;
            }
        }
        return Tensor.wrap(h, k, k);
    }
}
