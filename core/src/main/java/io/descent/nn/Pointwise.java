package io.descent.nn;

import io.descent.tensor.Tensor;

/**
 * An activation applied element by element, y = f(x), whose derivative f'(x) is written next to it. The
 * base class runs the loops (float32 values are widened to double, computed and rounded once) and records
 * the derivative g f'(x) for backward.
 */
abstract class Pointwise extends Module {

    /** f(x). */
    abstract double value(double x);

    /** f'(x), given also y = f(x) for the functions whose derivative is cheaper from it. */
    abstract double derivative(double x, double y);

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = Tensor.zeros(x.dtype(), x.shape());
        int n = x.size();
        int xo = x.offset();
        if (Kernels.isF32(x)) {
            float[] a = x.floats();
            float[] o = y.floats();
            for (int i = 0; i < n; i++) {
                o[i] = (float) value(a[xo + i]);
            }
        } else {
            double[] a = x.doubles();
            double[] o = y.doubles();
            for (int i = 0; i < n; i++) {
                o[i] = value(a[xo + i]);
            }
        }
        return Tensor.record(getClass().getSimpleName(), y, g -> new Tensor[] {backward(x, y, g)}, x);
    }

    private Tensor backward(Tensor x, Tensor y, Tensor g) {
        Tensor gx = Tensor.zeros(x.dtype(), x.shape());
        int n = x.size();
        int xo = x.offset();
        int go = g.offset();
        if (Kernels.isF32(x)) {
            float[] a = x.floats();
            float[] b = y.floats();
            float[] gg = g.floats();
            float[] o = gx.floats();
            for (int i = 0; i < n; i++) {
                o[i] = (float) (gg[go + i] * derivative(a[xo + i], b[i]));
            }
        } else {
            double[] a = x.doubles();
            double[] b = y.doubles();
            double[] gg = g.doubles();
            double[] o = gx.doubles();
            for (int i = 0; i < n; i++) {
                o[i] = gg[go + i] * derivative(a[xo + i], b[i]);
            }
        }
        return gx;
    }
}
