package io.descent.loss;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.nn.Linear;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Linear regression, logistic regression and a linear SVM are each one {@link Linear} layer plus one loss,
 * fitted here by plain full-batch gradient descent on generated data and checked against what the model
 * should reach: the least-squares solution in closed form, the logistic optimum by Newton's method, a
 * separating hyperplane.
 */
class LinearModelsTest {
    private static final DType F64 = DType.FLOAT64;
    private static final int D = 3;

    /** Full-batch gradient descent w <- w - lr dL/dw; returns the last loss. */
    private static double descend(Linear model, Loss loss, Tensor x, Tensor y, double lr, int steps) {
        double last = Double.NaN;
        for (int t = 0; t < steps; t++) {
            model.zeroGrad();
            Tensor l = loss.apply(model.forward(x), y);
            last = l.item();
            l.backward();
            try (var scope = GradMode.disabled()) {
                for (Parameter p : model.parameters()) {
                    p.value().addInPlace(p.grad(), -lr);
                }
            }
        }
        return last;
    }

    /** [w_1..w_d, b] of the model. */
    private static double[] theta(Linear model) {
        double[] w = model.weight().value().toDoubleArray();
        double[] th = java.util.Arrays.copyOf(w, w.length + 1);
        th[w.length] = model.bias().value().item();
        return th;
    }

    /** Rows of x with a trailing 1, as double[n][d + 1]. */
    private static double[][] augmented(Tensor x) {
        int n = x.dim(0);
        double[][] a = new double[n][D + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < D; j++) {
                a[i][j] = x.get(i, j);
            }
            a[i][D] = 1;
        }
        return a;
    }

    /** Solves the small symmetric positive definite system m z = v by Gaussian elimination. */
    private static double[] solve(double[][] m, double[] v) {
        int k = v.length;
        double[][] a = new double[k][k + 1];
        for (int i = 0; i < k; i++) {
            System.arraycopy(m[i], 0, a[i], 0, k);
            a[i][k] = v[i];
        }
        for (int c = 0; c < k; c++) {
            for (int r = c + 1; r < k; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j <= k; j++) {
                    a[r][j] -= f * a[c][j];
                }
            }
        }
        double[] z = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = a[r][k];
            for (int j = r + 1; j < k; j++) {
                s -= a[r][j] * z[j];
            }
            z[r] = s / a[r][r];
        }
        return z;
    }

    @Test
    void linearRegressionReachesTheLeastSquaresSolution() {
        int n = 200;
        Tensor x = Tensor.randn(new Rng(1), F64, n, D);
        Tensor noise = Tensor.randn(new Rng(2), F64, n, 1).mul(0.3);
        Tensor y = x.matmul(Tensor.of(new double[] {1.5, -2, 0.5}, D, 1)).add(0.7).add(noise);
        // closed form: (A^T A) theta = A^T y with A = [x 1]
        double[][] a = augmented(x);
        double[][] ata = new double[D + 1][D + 1];
        double[] aty = new double[D + 1];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p <= D; p++) {
                aty[p] += a[i][p] * y.getFlat(i);
                for (int q = 0; q <= D; q++) {
                    ata[p][q] += a[i][p] * a[i][q];
                }
            }
        }
        double[] exact = solve(ata, aty);

        Linear model = new Linear(D, 1, true, F64, new Rng(3));
        descend(model, new SquareLoss(), x, y, 0.2, 500);
        double[] fitted = theta(model);
        for (int p = 0; p <= D; p++) {
            assertThat(Math.abs(fitted[p] - exact[p])).as("theta[%d]", p).isLessThanOrEqualTo(1e-6);
        }
    }

    /** Two overlapping Gaussian blobs centred at -mu and +mu: labels -1 and +1. */
    private static Tensor[] blobs(int n, double separation, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n * D];
        double[] y = new double[n];
        double[] mu = {1, -0.5, 0.8};
        for (int i = 0; i < n; i++) {
            y[i] = i % 2 == 0 ? -1 : 1;
            for (int j = 0; j < D; j++) {
                x[i * D + j] = y[i] * separation * mu[j] + rng.nextGaussian();
            }
        }
        return new Tensor[] {Tensor.of(x, n, D), Tensor.of(y, n, 1)};
    }

    private static double accuracy(Linear model, Tensor x, Tensor y) {
        try (var scope = GradMode.disabled()) {
            Tensor s = model.forward(x);
            int right = 0;
            for (int i = 0; i < y.size(); i++) {
                right += s.getFlat(i) * y.getFlat(i) > 0 ? 1 : 0;
            }
            return (double) right / y.size();
        }
    }

    @Test
    void logisticRegressionReachesTheOptimumNewtonFindsWithEitherLabelConvention() {
        Tensor[] data = blobs(400, 1.0, 4);
        Tensor x = data[0];
        Tensor ypm = data[1];
        Tensor y01 = ypm.add(1).div(2);
        // Newton's method (iteratively reweighted least squares) on the mean log loss, for reference.
        double[][] a = augmented(x);
        double[] theta = new double[D + 1];
        for (int it = 0; it < 25; it++) {
            double[] grad = new double[D + 1];
            double[][] hess = new double[D + 1][D + 1];
            for (int i = 0; i < a.length; i++) {
                double s = 0;
                for (int p = 0; p <= D; p++) {
                    s += a[i][p] * theta[p];
                }
                double prob = 1 / (1 + Math.exp(-s));
                for (int p = 0; p <= D; p++) {
                    grad[p] += (prob - y01.getFlat(i)) * a[i][p] / a.length;
                    for (int q = 0; q <= D; q++) {
                        hess[p][q] += prob * (1 - prob) * a[i][p] * a[i][q] / a.length;
                    }
                }
            }
            double[] step = solve(hess, grad);
            for (int p = 0; p <= D; p++) {
                theta[p] -= step[p];
            }
        }

        Linear pm = new Linear(D, 1, true, F64, new Rng(5));
        Linear zo = new Linear(D, 1, true, F64, new Rng(5));
        descend(pm, new LogLoss(Labels.PLUS_MINUS_ONE, Reduction.MEAN), x, ypm, 2.0, 2000);
        descend(zo, new LogLoss(Labels.ZERO_ONE, Reduction.MEAN), x, y01, 2.0, 2000);
        double[] a1 = theta(pm);
        double[] a2 = theta(zo);
        for (int p = 0; p <= D; p++) {
            assertThat(Math.abs(a1[p] - theta[p])).as("theta[%d]", p).isLessThanOrEqualTo(1e-6);
            assertThat(a2[p]).isEqualTo(a1[p], org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(accuracy(pm, x, ypm)).isGreaterThan(0.85);
    }

    @Test
    void aLinearSvmSeparatesSeparableData() {
        Tensor[] data = blobs(300, 3.0, 6);
        Tensor x = data[0];
        Tensor y = data[1];
        // keep only points at least 1 away from the plane mu . x = 0, so the data are separable with a margin
        double[] mu = {1, -0.5, 0.8};
        double norm = Math.sqrt(1 + 0.25 + 0.64);
        int[] keep = java.util.stream.IntStream.range(0, y.size()).filter(i -> {
            double d = 0;
            for (int j = 0; j < D; j++) {
                d += mu[j] * x.get(i, j);
            }
            return d / norm * y.getFlat(i) > 1;
        }).toArray();
        Tensor xs = x.gatherRows(keep);
        Tensor ys = y.gatherRows(keep);
        assertThat(keep.length).isGreaterThan(200);

        Linear svm = new Linear(D, 1, true, F64, new Rng(7));
        double loss = descend(svm, new HingeLoss(), xs, ys, 0.1, 2000);
        assertThat(accuracy(svm, xs, ys)).isEqualTo(1.0);
        assertThat(loss).isZero(); // every margin y (w.x + b) reached 1
    }
}
