package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;

/**
 * An activation applied element by element, y = f(x), whose derivatives f'(x) and f''(x) are written next to
 * it. The base class runs the loops (float32 values are widened to double, computed and rounded once) and
 * records the derivative g f'(x) for backward. In a backward pass that creates the graph (double backward)
 * f'(x) is itself a recorded op of x, whose derivative is f''(x): g f'(x) can then be differentiated again.
 */
abstract class Pointwise extends Module {

    /** f(x). */
    abstract double value(double x);

    /** f'(x), given also y = f(x) for the functions whose derivative is cheaper from it. */
    abstract double derivative(double x, double y);

    /** f''(x), given also y = f(x). */
    abstract double secondDerivative(double x, double y);

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
        return DoubleBackward.record(getClass().getSimpleName(), y, g -> new Tensor[] {GradMode.isEnabled()
            ? g.mul(slope(x, y)) : backward(x, y, g)}, x);
    }

    /** f'(x) as a recorded op of x (its derivative f''(x)), for double backward; float64 only matters there. */
    private Tensor slope(Tensor x, Tensor y) {
        int n = x.size();
        double[] d = new double[n];
        double[] dd = new double[n];
        for (int i = 0; i < n; i++) {
            double xi = x.getFlat(i);
            double yi = y.getFlat(i);
            d[i] = derivative(xi, yi);
            dd[i] = secondDerivative(xi, yi);
        }
        int[] dims = x.shape().dims();
        Tensor curvature = Kernels.fromDoubles(dd, x.dtype(), dims);
        return Tensor.record(getClass().getSimpleName() + "'", Kernels.fromDoubles(d, x.dtype(), dims),
                h -> new Tensor[] {h.mul(curvature)}, x);
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
