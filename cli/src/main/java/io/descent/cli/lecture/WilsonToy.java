package io.descent.cli.lecture;

import io.descent.autograd.GradMode;
import io.descent.cli.OptimizerSpecs;
import io.descent.nn.Parameter;
import io.descent.optim.Optimizer;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;

/**
 * The separable toy problem of Wilson, Roelofs, Stern, Srebro and Recht (2017, "The marginal value of adaptive
 * gradient methods in machine learning", section 3.3). Labels y_i in {-1, +1}, +1 with probability p &gt; 1/2;
 * point i has x_i1 = y_i, x_i2 = x_i3 = 1, and its own block of columns 4 + 5(i-1) .. 4 + 5(i-1) + 2(1 - y_i) set
 * to 1 (one column for a positive point, five for a negative one), all else 0. Column 1 separates the classes. On
 * the square loss (1/2n) sum_i (w^T x_i - y_i)^2 from w = 0, gradient descent converges to the minimum-norm
 * solution, which classifies new points correctly; AdaGrad, RMSProp and Adam stay on the ray w = lambda
 * sign(X^T y) and label every new point positive, so their test error is the share of negative points.
 *
 * <p>Test points are built the same way with blocks of their own, which no training point touches.
 *
 * @param x      the rows, training points first, then the test points; 3 + 5 (train + test) columns
 * @param y      the labels, -1 or +1
 * @param train  how many of the rows are training points
 */
record WilsonToy(double[][] x, double[] y, int train) {
    /** Wilson et al.'s p, the probability of a positive label. */
    static final double POSITIVE = 0.7;

    static WilsonToy of(int train, int test, long seed) {
        Rng rng = new Rng(seed);
        int n = train + test;
        int d = 3 + 5 * n;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < POSITIVE ? 1 : -1;
            x[i][0] = y[i];
            x[i][1] = 1;
            x[i][2] = 1;
            int block = y[i] > 0 ? 1 : 5;   // columns 4 + 5(i-1) .. 4 + 5(i-1) + 2(1 - y_i), 1-based
            for (int j = 0; j < block; j++) {
                x[i][3 + 5 * i + j] = 1;
            }
        }
        return new WilsonToy(x, y, train);
    }

    int columns() {
        return x[0].length;
    }

    /**
     * Full-batch training from w = 0 with the optimizer {@code spec} for {@code steps} steps.
     *
     * @return {training loss, training error, test error} at the end
     */
    double[] fit(String spec, int steps) {
        int d = columns();
        Tensor w = Tensor.of(new double[d], d);
        Optimizer opt = OptimizerSpecs.optimizer(OptimizerSpecs.parse(spec), List.of(new Parameter("w", w)));
        double[] weights = new double[d];
        double[] grad = new double[d];
        for (int s = 0; s < steps; s++) {
            read(w, weights);
            java.util.Arrays.fill(grad, 0);
            for (int i = 0; i < train; i++) {
                double r = dot(weights, x[i]) - y[i];   // d/dw (1/2n)(w^T x_i - y_i)^2 = r x_i / n
                for (int j = 0; j < d; j++) {
                    grad[j] += r * x[i][j] / train;
                }
            }
            w.setGrad(Tensor.of(grad.clone(), d));
            opt.step();
        }
        read(w, weights);
        double loss = 0;
        int trainWrong = 0;
        int testWrong = 0;
        for (int i = 0; i < x.length; i++) {
            double score = dot(weights, x[i]);
            boolean wrong = (score > 0 ? 1 : -1) != y[i];
            if (i < train) {
                loss += (score - y[i]) * (score - y[i]) / (2 * train);
                trainWrong += wrong ? 1 : 0;
            } else {
                testWrong += wrong ? 1 : 0;
            }
        }
        return new double[] {loss, (double) trainWrong / train, (double) testWrong / (x.length - train)};
    }

    /** The share of negative labels among the test points: the test error of labelling all of them positive. */
    double negativeTestShare() {
        int negatives = 0;
        for (int i = train; i < y.length; i++) {
            negatives += y[i] < 0 ? 1 : 0;
        }
        return (double) negatives / (y.length - train);
    }

    private static void read(Tensor w, double[] into) {
        try (var scope = GradMode.disabled()) {
            for (int j = 0; j < into.length; j++) {
                into[j] = w.getFlat(j);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }
}
