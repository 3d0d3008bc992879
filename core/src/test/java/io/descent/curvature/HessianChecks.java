package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;

/**
 * The independent references for Hessian-vector products: central differences of gradients computed by the
 * ordinary (fused, first-order) backward pass, (g(w + eps v) - g(w - eps v)) / 2 eps, and the full Hessian
 * assembled column by column from H e_i.
 */
final class HessianChecks {
    static final double EPS = 1e-5;

    private HessianChecks() {
    }

    /**
     * Relative error of H v against central differences: the brief asks 1e-7; the products measured here are
     * within 2.5e-9 (median 3e-10, eps 1e-5), so 1e-8 keeps a margin and still catches a wrong term.
     */
    static final double TOLERANCE = 1e-8;

    /** A float64 parameter of independent values uniform in [lo, hi). */
    static Parameter param(String name, Rng rng, double lo, double hi, int... shape) {
        return new Parameter(name, Tensor.uniform(rng, lo, hi, DType.FLOAT64, shape));
    }

    /** sum(y tanh y): a scalar that is curved in y and uses y twice, so gradients meet and add on the tape. */
    static Tensor curved(Tensor y) {
        return y.mul(y.tanh()).sum();
    }

    /** H v against finite differences for two random directions v; returns the larger relative error. */
    static double check(List<Parameter> ps, Supplier<Tensor> loss, long seed) {
        HessianOperator h = ExactHessian.of(ps, loss);
        Rng rng = new Rng(seed);
        double worst = 0;
        for (int t = 0; t < 2; t++) {
            double[] v = new double[h.dimension()];
            for (int i = 0; i < v.length; i++) {
                v[i] = rng.nextGaussian();
            }
            assertDirectionalDerivative(ps, loss, v);
            double[] exact = product(h, v);
            double[] fd = finiteDifference(ps, loss, v);
            assertThat(norm(fd)).as("the Hessian along v is not zero (the check could fail)").isGreaterThan(1e-3);
            worst = Math.max(worst, relativeError(exact, fd));
        }
        return worst;
    }

    /**
     * The gradient itself against central differences of the loss, g . v = (L(w + eps v) - L(w - eps v)) / 2 eps:
     * H v is checked against differences of gradients, which would agree with a wrong gradient's derivative.
     */
    static void assertDirectionalDerivative(List<Parameter> ps, Supplier<Tensor> loss, double[] v) {
        double[] w = flat(ps);
        double[] g = gradient(ps, loss);
        double gv = 0;
        double[] shifted = new double[w.length];
        double[] values = new double[2];
        for (int side = 0; side < 2; side++) {
            for (int i = 0; i < w.length; i++) {
                shifted[i] = w[i] + (side == 0 ? EPS : -EPS) * v[i];
                gv += side == 0 ? g[i] * v[i] : 0;
            }
            try (var scope = GradMode.disabled()) {
                set(ps, shifted);
                values[side] = loss.get().item();
            }
        }
        set(ps, w);
        double fd = (values[0] - values[1]) / (2 * EPS);
        assertThat(Math.abs(fd - gv)).as("gradient . v against differences of the loss")
                .isLessThan(1e-7 * Math.max(1, Math.abs(gv)));
    }

    static double[] flat(List<Parameter> ps) {
        int k = ps.stream().mapToInt(Parameter::size).sum();
        double[] w = new double[k];
        int at = 0;
        for (Parameter p : ps) {
            System.arraycopy(p.value().toDoubleArray(), 0, w, at, p.size());
            at += p.size();
        }
        return w;
    }

    static void set(List<Parameter> ps, double[] w) {
        int at = 0;
        for (Parameter p : ps) {
            Tensor t = p.value();
            System.arraycopy(w, at, t.doubles(), t.offset(), p.size());
            at += p.size();
        }
    }

    /** The gradient by an ordinary backward pass, flattened. */
    static double[] gradient(List<Parameter> ps, Supplier<Tensor> loss) {
        for (Parameter p : ps) {
            p.zeroGrad();
        }
        loss.get().backward();
        double[] g = new double[flat(ps).length];
        int at = 0;
        for (Parameter p : ps) {
            if (p.grad() != null) {
                System.arraycopy(p.grad().toDoubleArray(), 0, g, at, p.size());
            }
            at += p.size();
        }
        return g;
    }

    /** (g(w + eps v) - g(w - eps v)) / 2 eps; the parameters are restored. */
    static double[] finiteDifference(List<Parameter> ps, Supplier<Tensor> loss, double[] v) {
        double[] w = flat(ps);
        double[] plus = new double[w.length];
        double[] minus = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            plus[i] = w[i] + EPS * v[i];
            minus[i] = w[i] - EPS * v[i];
        }
        double[] gp;
        double[] gm;
        try (var scope = GradMode.disabled()) {
            set(ps, plus);
        }
        gp = gradient(ps, loss);
        try (var scope = GradMode.disabled()) {
            set(ps, minus);
        }
        gm = gradient(ps, loss);
        set(ps, w);
        double[] hv = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            hv[i] = (gp[i] - gm[i]) / (2 * EPS);
        }
        return hv;
    }

    static double[] product(HessianOperator h, double[] v) {
        double[] out = new double[h.dimension()];
        h.apply(v, out);
        return out;
    }

    /** The columns H e_i. */
    static double[][] assemble(HessianOperator h) {
        int k = h.dimension();
        double[][] m = new double[k][k];
        for (int j = 0; j < k; j++) {
            double[] e = new double[k];
            e[j] = 1;
            double[] col = product(h, e);
            for (int i = 0; i < k; i++) {
                m[i][j] = col[i];
            }
        }
        return m;
    }

    /** The Hessian whose columns are finite differences of gradients along e_i. */
    static double[][] finiteDifferenceHessian(List<Parameter> ps, Supplier<Tensor> loss) {
        int k = flat(ps).length;
        double[][] m = new double[k][k];
        for (int j = 0; j < k; j++) {
            double[] e = new double[k];
            e[j] = 1;
            double[] col = finiteDifference(ps, loss, e);
            for (int i = 0; i < k; i++) {
                m[i][j] = col[i];
            }
        }
        return m;
    }

    /** ||a - b|| / ||b||, or ||a - b|| where b is 0. */
    static double relativeError(double[] a, double[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        return n == 0 ? Math.sqrt(d) : Math.sqrt(d / n);
    }

    static double norm(double[] a) {
        double n = 0;
        for (double x : a) {
            n += x * x;
        }
        return Math.sqrt(n);
    }

    /** max |a_ij - b_ij| / max |b_ij|. */
    static double relativeError(double[][] a, double[][] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
                n = Math.max(n, Math.abs(b[i][j]));
            }
        }
        return d / n;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] symmetrized(double[][] a) {
        double[][] s = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                s[i][j] = (a[i][j] + a[j][i]) / 2;
            }
        }
        return s;
    }
}
