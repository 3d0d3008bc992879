package io.descent.curvature;

import java.util.List;

/** sum_t H_t through its products: H v = sum_t H_t v, one buffer reused for the terms' products. */
final class SummedHessian implements HessianOperator {
    private final List<HessianOperator> parts;
    private final double[] buffer;

    SummedHessian(List<HessianOperator> parts) {
        this.parts = List.copyOf(parts);
        this.buffer = new double[parts.get(0).dimension()];
    }

    List<HessianOperator> parts() {
        return parts;
    }

    @Override
    public int dimension() {
        return buffer.length;
    }

    @Override
    public void apply(double[] v, double[] out) {
        java.util.Arrays.fill(out, 0);
        for (HessianOperator p : parts) {
            p.apply(v, buffer);
            for (int i = 0; i < buffer.length; i++) {
                out[i] += buffer[i];
            }
        }
    }
}
