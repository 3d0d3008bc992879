package io.descent.objective;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.optim.NewtonConfig;
import io.descent.optim.Optimizers;
import io.descent.optim.SgdConfig;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The lecture's claim: on a convex logistic regression, Newton's method reaches a gradient norm of 1e-8 in
 * under 20 iterations, while gradient descent, with its best constant step 1/L (L = lambda_max(X'X) / 4n
 * bounds the Hessian everywhere), needs over 100 times as many. The data: two correlated features and a
 * bias, labels from a noisy linear rule, so the problem is not separable and the minimum exists; the
 * correlation makes it ill-conditioned (condition number near 70 at the optimum). Both methods run on the
 * empirical risk of the same model through {@link Trajectories}, from w = 0.
 */
class NewtonVersusGradientDescentTest {

    /** x w + b, one output per row. */
    static final class LinearModel extends Module {
        final Parameter weight = registerParameter("weight", Tensor.zeros(DType.FLOAT64, 2, 1));
        final Parameter bias = registerParameter("bias", Tensor.zeros(DType.FLOAT64, 1));

        @Override
        public Tensor forward(Tensor x) {
            return x.matmul(weight.value()).add(bias.value());
        }
    }

    /** Mean log(1 + exp(-y s)) for labels y in {-1, +1}, as max(0, -m) + log(1 + exp(-|m|)) with m = y s. */
    static Tensor logLoss(Tensor scores, Tensor labels) {
        Tensor m = scores.mul(labels);
        return m.neg().max(0).add(m.abs().neg().exp().add(1).log()).mean();
    }

    /** n points with features z1 and z1 + 0.2 z2, labels sign(x w* + noise). */
    static Tensor[] data(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z1 = rng.nextGaussian();
            double z2 = rng.nextGaussian();
            x[2 * i] = z1;
            x[2 * i + 1] = z1 + 0.2 * z2;
            y[i] = z1 - 0.5 * x[2 * i + 1] + 0.3 + rng.nextGaussian() > 0 ? 1 : -1;
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y, n, 1)};
    }

    @Test
    void newtonNeedsAHundredTimesFewerIterationsThanGradientDescent() {
        int n = 100;
        Tensor[] d = data(n, 7);
        Erm risk = new Erm(new LinearModel(), d[0], d[1], NewtonVersusGradientDescentTest::logLoss);
        double[] start = new double[3];

        Trajectory newton = Trajectories.run(Method.newton(NewtonConfig.defaults()), risk, start,
                Stopping.afterSteps(100).orGradientNormBelow(1e-8));
        assertThat(newton.reason()).isEqualTo(StopReason.GRADIENT_NORM);
        assertThat(newton.steps()).isLessThan(20);

        double lipschitz = largestEigenvalueOfGram(d[0]) / (4 * n);
        Trajectory gd = Trajectories.run(
                Method.firstOrder("gd", ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(1 / lipschitz))),
                risk, start, Stopping.afterSteps(50_000).orGradientNormBelow(1e-8));
        assertThat(gd.reason()).isEqualTo(StopReason.GRADIENT_NORM);
        assertThat(gd.steps()).isGreaterThan(100 * newton.steps());

        // the same minimum, a minimum
        for (int i = 0; i < 3; i++) {
            assertThat(gd.end()[i]).isCloseTo(newton.end()[i], org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(newton.endKind()).contains(StationaryPoint.Kind.MINIMUM);
        System.out.printf("logistic regression to |grad| <= 1e-8: Newton %d iterations, gradient descent (step 1/L) %d "
                + "iterations, ratio %.0f%n", newton.steps(), gd.steps(), (double) gd.steps() / newton.steps());
    }

    /** lambda_max of X1'X1, with X1 = [X, 1]: the bias column included, as in the model. */
    private static double largestEigenvalueOfGram(Tensor x) {
        int n = x.dim(0);
        double[][] gram = new double[3][3];
        for (int i = 0; i < n; i++) {
            double[] row = {x.get(i, 0), x.get(i, 1), 1};
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    gram[a][b] += row[a] * row[b];
                }
            }
        }
        double[] eigen = Jacobi.eigenvalues(gram);
        return eigen[eigen.length - 1];
    }
}
