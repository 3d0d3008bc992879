package io.descent.loss;

import io.descent.autograd.GradMode;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;

/**
 * A loss that is a sum or mean of one term per output element, l(s, y) for score s and target y, computed in
 * one fused pass with its derivative dl/ds next to it. In a backward pass that creates the graph (double
 * backward) dl/ds is itself a recorded op of s, whose derivative is d^2l/ds^2.
 */
abstract class PointwiseLoss implements Loss {
    private final Reduction reduction;
    /** The op's name, kept: {@link Class#getSimpleName} per call was 5% of a sparse logistic regression's step. */
    private final String name;

    PointwiseLoss(Reduction reduction) {
        this.reduction = reduction;
        this.name = getClass().getSimpleName();
    }

    /** The target as the value the loss uses (a label checked and mapped to -1/+1, or as it is). */
    abstract double target(double y, int index);

    abstract double value(double s, double y);

    abstract double derivative(double s, double y);

    /** d^2 l / ds^2. */
    abstract double secondDerivative(double s, double y);

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public Tensor apply(Tensor output, Tensor target) {
        Targets.checkSameSize(name, output, target);
        int n = output.size();
        double[] y = target.toDoubleArray();
        for (int i = 0; i < n; i++) {
            y[i] = target(y[i], i);
        }
        double[] s = output.toDoubleArray();
        double factor = reduction.factor(n);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += value(s[i], y[i]);
        }
        return DoubleBackward.record(name, Tensor.scalar(total * factor, output.dtype()), g -> {
            if (GradMode.isEnabled()) {
                return new Tensor[] {slope(name, output, s, y, factor).mul(g)};
            }
            double scale = g.item() * factor;
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = scale * derivative(s[i], y[i]);
            }
            return new Tensor[] {Targets.tensor(d, output)};
        }, output);
    }

    /** factor dl/ds as a recorded op of the output (its derivative factor d^2l/ds^2), for double backward. */
    private Tensor slope(String name, Tensor output, double[] s, double[] y, double factor) {
        double[] d = new double[s.length];
        double[] dd = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = factor * derivative(s[i], y[i]);
            dd[i] = factor * secondDerivative(s[i], y[i]);
        }
        Tensor curvature = Targets.tensor(dd, output);
        return Tensor.record(name + "'", Targets.tensor(d, output), h -> new Tensor[] {h.mul(curvature)}, output);
    }
}
