package io.descent.curvature;

import static io.descent.curvature.HessianChecks.assemble;
import static io.descent.curvature.HessianChecks.finiteDifferenceHessian;
import static io.descent.curvature.HessianChecks.relativeError;
import static io.descent.curvature.HessianChecks.symmetrized;
import static io.descent.curvature.HessianChecks.transpose;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.LogLoss;
import io.descent.loss.SquareLoss;
import io.descent.nn.BatchNorm1d;
import io.descent.nn.Conv2d;
import io.descent.nn.EveryLayer;
import io.descent.nn.Flatten;
import io.descent.nn.Linear;
import io.descent.nn.MaxPool2d;
import io.descent.nn.Module;
import io.descent.nn.Sequential;
import io.descent.nn.Softplus;
import io.descent.nn.Tanh;
import io.descent.objective.Jacobi;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The whole Hessian of small networks, assembled column by column from H e_i: symmetric, equal to the closed
 * form where there is one (a linear model under the logistic and the square loss: X^T D X / n), else to the
 * Hessian of finite differences of gradients; and its eigenvalues (Jacobi) agree with the reference's.
 */
class SmallNetworkHessianTest {
    private static final DType F64 = DType.FLOAT64;
    private static final int N = 8;

    @Test
    void logisticRegressionMatchesTheClosedForm() {
        Rng rng = new Rng(3);
        Linear model = new Linear(3, 1, true, F64, rng);
        Tensor x = Tensor.randn(rng, F64, N, 3);
        Tensor y = Tensor.of(new double[] {1, -1, 1, 1, -1, -1, 1, -1}, N, 1);
        double[][] h = assemble(ExactHessian.of(model.parameters(), () -> new LogLoss().apply(model.forward(x), y)));
        // d^2/dw^2 of mean log(1 + e^{-y s}) = X~^T D X~ / n, X~ = [X, 1], D_i = sigmoid(m_i) sigmoid(-m_i), m = y s
        double[] s = model.forward(x).toDoubleArray();
        double[] d = new double[N];
        for (int i = 0; i < N; i++) {
            double m = y.getFlat(i) * s[i];
            d[i] = 1 / ((1 + Math.exp(m)) * (1 + Math.exp(-m)));
        }
        assertExact(h, gram(x, d));
    }

    @Test
    void linearRegressionUnderTheSquareLossMatchesTheClosedForm() {
        Rng rng = new Rng(4);
        Linear model = new Linear(3, 1, true, F64, rng);
        Tensor x = Tensor.randn(rng, F64, N, 3);
        Tensor y = Tensor.randn(rng, F64, N, 1);
        double[][] h = assemble(ExactHessian.of(model.parameters(), () -> new SquareLoss().apply(model.forward(x), y)));
        double[] two = new double[N];
        java.util.Arrays.fill(two, 2);
        assertExact(h, gram(x, two));       // 2 X~^T X~ / n
    }

    @Test
    void mlpWithTanhAndSoftplusMatchesFiniteDifferences() {
        Rng rng = new Rng(5);
        Module net = new Sequential(new Linear(3, 4, true, F64, rng), new Tanh(), new Linear(4, 3, true, F64, rng),
                new Softplus());
        assertMatchesFiniteDifferences(net, Tensor.randn(rng, F64, N, 3));
    }

    @Test
    void mlpWithBatchNormInTrainingModeMatchesFiniteDifferences() {
        Rng rng = new Rng(6);
        Module net = new Sequential(new Linear(3, 4, true, F64, rng), new BatchNorm1d(4, F64), new Tanh(),
                new Linear(4, 3, true, F64, rng));
        assertMatchesFiniteDifferences(net, Tensor.randn(rng, F64, N, 3));
    }

    @Test
    void tinyCnnMatchesFiniteDifferences() {
        Rng rng = new Rng(7);
        Module net = new Sequential(new Conv2d(1, 2, 3, 1, 1, true, F64, rng), new Tanh(), new MaxPool2d(2),
                new Flatten(), new Linear(8, 3, true, F64, rng));
        assertMatchesFiniteDifferences(net, Tensor.randn(rng, F64, 4, 1, 4, 4));
    }

    @Test
    void aNetworkWithEveryLayerInEvaluationModeMatchesFiniteDifferencesAlongRandomDirections() {
        Module net = EveryLayer.model(F64, 9);
        net.train(false);     // BatchNorm on its running statistics, Dropout the identity: a fixed function
        Tensor x = Tensor.randn(new Rng(10), F64, 4, 1, 8, 8);
        Tensor labels = Tensor.of(new double[] {0, 1, 2, 1}, 4);
        double error = HessianChecks.check(net.parameters(), () -> new CrossEntropyLoss().apply(net.forward(x), labels),
                29);
        assertThat(error).isLessThan(HessianChecks.TOLERANCE);
    }

    /** Cross-entropy on three classes against the Hessian of finite differences of gradients. */
    private static void assertMatchesFiniteDifferences(Module net, Tensor x) {
        Tensor labels = Tensor.of(new double[] {0, 1, 2, 0, 1, 2, 0, 1}, N).sliceRows(0, x.dim(0));
        Supplier<Tensor> loss = () -> new CrossEntropyLoss().apply(net.forward(x), labels);
        double[][] h = assemble(ExactHessian.of(net.parameters(), loss));
        double[][] reference = finiteDifferenceHessian(net.parameters(), loss);
        assertThat(relativeError(h, transpose(h))).as("symmetry").isLessThan(1e-12);
        assertThat(relativeError(h, reference)).as("against finite differences").isLessThan(1e-6);
        assertEigenvaluesAgree(h, symmetrized(reference), 1e-6);
    }

    private static void assertExact(double[][] h, double[][] exact) {
        assertThat(relativeError(h, transpose(h))).as("symmetry").isLessThan(1e-12);
        assertThat(relativeError(h, exact)).as("against the closed form").isLessThan(1e-9);
        assertEigenvaluesAgree(h, symmetrized(exact), 1e-9);
    }

    private static void assertEigenvaluesAgree(double[][] h, double[][] reference, double tolerance) {
        double[] a = Jacobi.eigenvalues(symmetrized(h));
        double[] b = Jacobi.eigenvalues(reference);
        double scale = Math.max(Math.abs(b[0]), Math.abs(b[b.length - 1]));
        assertThat(scale).isGreaterThan(1e-3);
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i]) / scale).as("eigenvalue " + i).isLessThan(tolerance);
        }
    }

    /** X~^T diag(d) X~ / n with X~ = [X, 1]: the Hessian of a linear model's loss (weight, then bias). */
    private static double[][] gram(Tensor x, double[] d) {
        int n = x.dim(0);
        int k = x.dim(1) + 1;
        double[][] g = new double[k][k];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < k; a++) {
                double xa = a < k - 1 ? x.get(i, a) : 1;
                for (int b = 0; b < k; b++) {
                    double xb = b < k - 1 ? x.get(i, b) : 1;
                    g[a][b] += d[i] * xa * xb / n;
                }
            }
        }
        return g;
    }
}
