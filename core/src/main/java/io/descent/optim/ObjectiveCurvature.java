package io.descent.optim;

import io.descent.curvature.HessianOperator;
import io.descent.tensor.Tensor;

/**
 * An {@link Objective} (a test function with a known Hessian, or any small function) as a
 * {@link CurvatureObjective}: the Hessian is formed once per point ({@link Objective#hessian}) and its
 * products are dense matrix-vector products, so this is for small k only (the toy functions have k = 2).
 */
public final class ObjectiveCurvature implements CurvatureObjective {
    private final Objective f;
    private final int k;

    public ObjectiveCurvature(Objective f) {
        this.f = f;
        this.k = f.dimension();
    }

    @Override
    public int dimension() {
        return k;
    }

    @Override
    public double value(double[] w) {
        return f.value(Tensor.wrap(w, k));
    }

    @Override
    public double gradient(double[] w, double[] out) {
        Tensor at = Tensor.wrap(w, k);
        Tensor g = f.gradient(at);
        for (int i = 0; i < k; i++) {
            out[i] = g.getFlat(i);
        }
        return f.value(at);
    }

    @Override
    public HessianOperator hessian(double[] w) {
        double[] h = f.hessian(Tensor.wrap(w.clone(), k)).toDoubleArray();
        return new HessianOperator() {
            @Override
            public int dimension() {
                return k;
            }

            @Override
            public void apply(double[] v, double[] out) {
                for (int i = 0; i < k; i++) {
                    double s = 0;
                    for (int j = 0; j < k; j++) {
                        s += h[i * k + j] * v[j];
                    }
                    out[i] = s;
                }
            }
        };
    }
}
