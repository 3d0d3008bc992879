package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.CrossEntropyLoss;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Sequential;
import io.descent.nn.Softplus;
import io.descent.nn.Tanh;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** H is a symmetric linear map: H(a u + b v) = a H u + b H v and u . H v = v . H u, for any u, v, a, b. */
class ExactHessianProperties {
    private static final Rng RNG = new Rng(21);
    private static final Module NET = new Sequential(new Linear(3, 4, true, DType.FLOAT64, RNG), new Tanh(),
            new Linear(4, 3, true, DType.FLOAT64, RNG), new Softplus());
    private static final Tensor X = Tensor.randn(RNG, DType.FLOAT64, 6, 3);
    private static final Tensor LABELS = Tensor.of(new double[] {0, 1, 2, 2, 1, 0}, 6);
    private static final HessianOperator H = ExactHessian.of(NET.parameters(),
            () -> new CrossEntropyLoss().apply(NET.forward(X), LABELS));

    @Property(tries = 30)
    void linearInTheVector(@ForAll long seed, @ForAll @DoubleRange(min = -3, max = 3) double a,
            @ForAll @DoubleRange(min = -3, max = 3) double b) {
        double[] u = gaussian(seed);
        double[] v = gaussian(seed + 1);
        double[] w = new double[u.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = a * u[i] + b * v[i];
        }
        double[] hu = HessianChecks.product(H, u);
        double[] hv = HessianChecks.product(H, v);
        double[] hw = HessianChecks.product(H, w);
        double[] combined = new double[u.length];
        for (int i = 0; i < w.length; i++) {
            combined[i] = a * hu[i] + b * hv[i];
        }
        double scale = Math.abs(a) * HessianChecks.norm(hu) + Math.abs(b) * HessianChecks.norm(hv) + 1e-300;
        double diff = 0;
        for (int i = 0; i < w.length; i++) {
            diff = Math.max(diff, Math.abs(hw[i] - combined[i]));
        }
        assertThat(diff / scale).isLessThan(1e-12);
    }

    @Property(tries = 30)
    void symmetric(@ForAll long seed) {
        double[] u = gaussian(seed);
        double[] v = gaussian(seed + 1);
        double uHv = dot(u, HessianChecks.product(H, v));
        double vHu = dot(v, HessianChecks.product(H, u));
        double scale = HessianChecks.norm(u) * HessianChecks.norm(HessianChecks.product(H, v));
        assertThat(Math.abs(uHv - vHu) / scale).isLessThan(1e-12);
    }

    private static double[] gaussian(long seed) {
        Rng rng = new Rng(seed);
        double[] v = new double[H.dimension()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
