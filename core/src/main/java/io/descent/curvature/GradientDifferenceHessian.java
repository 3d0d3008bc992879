package io.descent.curvature;

import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;

/**
 * H v by a central difference of gradients along v, two backward passes per product:
 *
 * <pre>
 *   H v ~ (grad L(w + h v) - grad L(w - h v)) / (2 h),     h = eps^(1/3) max(1, |w|_inf) / |v|_inf
 * </pre>
 *
 * The error is h^2 |D^3 grad L [v, v]| / 6 from truncation plus about eps |grad L| / h from rounding; the two
 * balance near h |v| = eps^(1/3), about 6e-6, in units of the parameters' size. So the largest coordinate moves by
 * the very step {@link io.descent.optim.FiniteDifferences} takes for one column of the Hessian, and products are
 * good to about 1e-10 relative for losses of moderate scale; exact up to rounding for quadratic losses. The oracle
 * the exact products are checked against, and a fallback that needs nothing but gradients.
 *
 * <p>Piecewise-linear layers (ReLU, LeakyReLU, max pooling) have kinks, where the gradient jumps: a sample whose
 * unit crosses one between w - h v and w + h v adds a jump of size O(1/n) divided by 2h, and the chance of a
 * crossing grows like h, so the bias is O(1) whatever h; with a random v (Lanczos, Hutchinson) many units cross.
 * Exact products treat the kinks as flat (relu'' = 0); use them, or smooth activations, for such networks.
 *
 * <p>Each product moves the parameters and puts them back exactly (their values are saved first), and leaves
 * their {@code grad} holding the gradient at w - h v. The loss must be deterministic: dropout masks or BatchNorm
 * in training mode would differ between the two passes.
 *
 * <pre>{@code
 * HessianOperator h = GradientDifferenceHessian.of(model.parameters(), () -> loss.apply(model.forward(x), y));
 * h.apply(v, hv);
 * }</pre>
 */
public final class GradientDifferenceHessian implements HessianOperator {
    /** eps^(1/3), the step that balances truncation and rounding for central differences. */
    public static final double STEP = Math.cbrt(Math.ulp(1.0));

    private final ParameterVector vector;
    private final Supplier<Tensor> loss;
    private final double[] w;
    private final double[] plus;
    private final double[] minus;

    private GradientDifferenceHessian(ParameterVector vector, Supplier<Tensor> loss) {
        this.vector = vector;
        this.loss = loss;
        int k = vector.dimension();
        this.w = new double[k];
        this.plus = new double[k];
        this.minus = new double[k];
    }

    /**
     * The Hessian of {@code loss} (a float64 scalar recomputed from the parameters at each call) with respect to
     * {@code parameters} (float64), at their values when a product is asked for.
     */
    public static GradientDifferenceHessian of(List<Parameter> parameters, Supplier<Tensor> loss) {
        return new GradientDifferenceHessian(new ParameterVector(parameters), loss);
    }

    @Override
    public int dimension() {
        return w.length;
    }

    @Override
    public void apply(double[] v, double[] out) {
        int k = w.length;
        if (v.length != k || out.length != k) {
            throw new IllegalArgumentException("hessian: vectors of " + k + " values expected, got " + v.length
                    + " and " + out.length);
        }
        double vMax = 0;
        for (double x : v) {
            vMax = Math.max(vMax, Math.abs(x));
        }
        if (vMax == 0) {
            java.util.Arrays.fill(out, 0);
            return;
        }
        if (!Double.isFinite(vMax)) {
            throw new IllegalArgumentException("hessian: the vector has a non-finite entry");
        }
        vector.read(w);
        double wMax = 0;
        for (double x : w) {
            wMax = Math.max(wMax, Math.abs(x));
        }
        double h = STEP * Math.max(1, wMax) / vMax;
        try {
            vector.write(w, h, v);
            vector.gradient(loss, plus);
            vector.write(w, -h, v);
            vector.gradient(loss, minus);
        } finally {
            vector.write(w, 0, null);
        }
        double scale = 1 / (2 * h);
        for (int i = 0; i < k; i++) {
            out[i] = (plus[i] - minus[i]) * scale;
        }
    }
}
