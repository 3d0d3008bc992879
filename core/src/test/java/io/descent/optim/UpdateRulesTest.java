package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each update rule against its first two steps computed by hand from the paper's formula, one coordinate at
 * a time (a naive reference next to every optimizer). The parameter starts at w0 and receives the fixed
 * gradients g1 then g2 (plus lambda w where the rule has weight decay). Float64 must agree to 1e-14
 * relative (only the rounding order differs), float32 to 1e-6.
 */
class UpdateRulesTest {
    static final double[] W0 = {0.5, -1.5};
    static final double[] G1 = {0.3, -0.8};
    static final double[] G2 = {-0.1, 0.4};

    /** Runs two steps with the given gradients; returns {w1, w2}. */
    static double[][] twoSteps(Function<List<Parameter>, Optimizer> factory, DType dtype) {
        Tensor w = Tensor.of(W0, 2).to(dtype);
        Parameter p = new Parameter("w", w);
        Optimizer opt = factory.apply(List.of(p));
        w.setGrad(Tensor.of(G1, 2).to(dtype));
        opt.step();
        double[] w1 = w.toDoubleArray();
        w.setGrad(Tensor.of(G2, 2).to(dtype));
        opt.step();
        return new double[][] {w1, w.toDoubleArray()};
    }

    static void check(Function<List<Parameter>, Optimizer> factory, double[][] expected) {
        double[][] got = twoSteps(factory, DType.FLOAT64);
        double[][] got32 = twoSteps(factory, DType.FLOAT32);
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 2; i++) {
                double e = expected[s][i];
                assertThat(got[s][i]).as("float64 step %d coordinate %d", s + 1, i).isCloseTo(e, within(1e-14 * Math.abs(e)));
                assertThat(got32[s][i]).as("float32 step %d coordinate %d", s + 1, i).isCloseTo(e, within(1e-6 * Math.abs(e)));
            }
        }
    }

    @Test
    void gradientDescent() {
        double lr = 0.1;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            e[0][i] = W0[i] - lr * G1[i];
            e[1][i] = e[0][i] - lr * G2[i];
        }
        check(ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(lr)), e);
    }

    @Test
    void sgdMomentumWithDampeningAndWeightDecay() {
        double lr = 0.1, mu = 0.9, damp = 0.2, lambda = 0.05;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double d1 = G1[i] + lambda * W0[i];
            double b1 = d1;                                   // the first buffer is the gradient itself
            e[0][i] = W0[i] - lr * b1;
            double d2 = G2[i] + lambda * e[0][i];
            double b2 = mu * b1 + (1 - damp) * d2;
            e[1][i] = e[0][i] - lr * b2;
        }
        check(ps -> Optimizers.sgd(ps, new SgdConfig(lr, mu, damp, false, lambda)), e);
    }

    @Test
    void sgdNesterov() {
        double lr = 0.1, mu = 0.9;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double b1 = G1[i];
            e[0][i] = W0[i] - lr * (G1[i] + mu * b1);
            double b2 = mu * b1 + G2[i];
            e[1][i] = e[0][i] - lr * (G2[i] + mu * b2);
        }
        check(ps -> Optimizers.sgd(ps, new SgdConfig(lr, mu, 0, true, 0)), e);
    }

    @Test
    void heavyBallInTheLecturesForm() {
        double a = 0.1, b = 0.8;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            e[0][i] = W0[i] - a * G1[i] + b * (W0[i] - W0[i]);          // w_{-1} = w_0
            e[1][i] = e[0][i] - a * G2[i] + b * (e[0][i] - W0[i]);
        }
        check(ps -> Optimizers.heavyBall(ps, new MomentumConfig(a, b)), e);
    }

    @Test
    void adagradWithLrDecayAccumulatorAndWeightDecay() {
        double lr = 0.5, decay = 0.1, g0 = 0.2, eps = 1e-10, lambda = 0.05;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double d1 = G1[i] + lambda * W0[i];
            double sum1 = g0 + d1 * d1;
            e[0][i] = W0[i] - lr / (1 + 0 * decay) * d1 / (Math.sqrt(sum1) + eps);
            double d2 = G2[i] + lambda * e[0][i];
            double sum2 = sum1 + d2 * d2;
            e[1][i] = e[0][i] - lr / (1 + 1 * decay) * d2 / (Math.sqrt(sum2) + eps);
        }
        check(ps -> Optimizers.adagrad(ps, new AdagradConfig(lr, decay, lambda, g0, eps)), e);
    }

    @Test
    void rmsprop() {
        double lr = 0.01, alpha = 0.9, eps = 1e-8;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double v1 = (1 - alpha) * G1[i] * G1[i];
            e[0][i] = W0[i] - lr * G1[i] / (Math.sqrt(v1) + eps);
            double v2 = alpha * v1 + (1 - alpha) * G2[i] * G2[i];
            e[1][i] = e[0][i] - lr * G2[i] / (Math.sqrt(v2) + eps);
        }
        check(ps -> Optimizers.rmsprop(ps, RmspropConfig.defaults().withLr(lr).withAlpha(alpha)), e);
    }

    @Test
    void rmspropCenteredWithMomentum() {
        double lr = 0.01, alpha = 0.9, eps = 1e-8, mu = 0.5;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double v1 = (1 - alpha) * G1[i] * G1[i];
            double a1 = (1 - alpha) * G1[i];
            double b1 = G1[i] / (Math.sqrt(v1 - a1 * a1) + eps);
            e[0][i] = W0[i] - lr * b1;
            double v2 = alpha * v1 + (1 - alpha) * G2[i] * G2[i];
            double a2 = alpha * a1 + (1 - alpha) * G2[i];
            double b2 = mu * b1 + G2[i] / (Math.sqrt(v2 - a2 * a2) + eps);
            e[1][i] = e[0][i] - lr * b2;
        }
        check(ps -> Optimizers.rmsprop(ps, new RmspropConfig(lr, alpha, eps, 0, mu, true)), e);
    }

    @Test
    void adadelta() {
        double lr = 1.0, rho = 0.9, eps = 1e-6;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double v1 = (1 - rho) * G1[i] * G1[i];
            double d1 = Math.sqrt(0 + eps) / Math.sqrt(v1 + eps) * G1[i];
            double acc1 = (1 - rho) * d1 * d1;
            e[0][i] = W0[i] - lr * d1;
            double v2 = rho * v1 + (1 - rho) * G2[i] * G2[i];
            double d2 = Math.sqrt(acc1 + eps) / Math.sqrt(v2 + eps) * G2[i];
            e[1][i] = e[0][i] - lr * d2;
        }
        check(ps -> Optimizers.adadelta(ps, AdadeltaConfig.defaults()), e);
    }

    @Test
    void adamWithBiasCorrection() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double m1 = (1 - b1) * G1[i];
            double v1 = (1 - b2) * G1[i] * G1[i];
            e[0][i] = W0[i] - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
            double m2 = b1 * m1 + (1 - b1) * G2[i];
            double v2 = b2 * v1 + (1 - b2) * G2[i] * G2[i];
            e[1][i] = e[0][i] - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);
        }
        check(ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(lr)), e);
    }

    @Test
    void amsgradDividesByTheLargestSecondMoment() {
        double lr = 0.01, b1 = 0.9, b2 = 0.5, eps = 1e-8;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double m1 = (1 - b1) * G1[i];
            double v1 = (1 - b2) * G1[i] * G1[i];
            e[0][i] = W0[i] - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
            double m2 = b1 * m1 + (1 - b1) * G2[i];
            double vmax = Math.max(v1, b2 * v1 + (1 - b2) * G2[i] * G2[i]);
            e[1][i] = e[0][i] - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(vmax / (1 - b2 * b2)) + eps);
        }
        check(ps -> Optimizers.adam(ps, AdamConfig.defaults().withLr(lr).withBetas(b1, b2).withAmsgrad(true)), e);
    }

    @Test
    void adamwDecaysTheWeightsBeforeTheAdamStep() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, lambda = 0.1;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double m1 = (1 - b1) * G1[i];
            double v1 = (1 - b2) * G1[i] * G1[i];
            e[0][i] = W0[i] * (1 - lr * lambda) - lr * (m1 / (1 - b1)) / (Math.sqrt(v1 / (1 - b2)) + eps);
            double m2 = b1 * m1 + (1 - b1) * G2[i];
            double v2 = b2 * v1 + (1 - b2) * G2[i] * G2[i];
            e[1][i] = e[0][i] * (1 - lr * lambda) - lr * (m2 / (1 - b1 * b1)) / (Math.sqrt(v2 / (1 - b2 * b2)) + eps);
        }
        check(ps -> Optimizers.adamw(ps, AdamConfig.defaults().withLr(lr).withWeightDecay(lambda)), e);
    }

    @Test
    void nadamWithPyTorchsMomentumSchedule() {
        double lr = 0.002, b1 = 0.9, b2 = 0.999, eps = 1e-8, psi = 0.004;
        double mu1 = b1 * (1 - 0.5 * Math.pow(0.96, 1 * psi));
        double mu2 = b1 * (1 - 0.5 * Math.pow(0.96, 2 * psi));
        double mu3 = b1 * (1 - 0.5 * Math.pow(0.96, 3 * psi));
        double p1 = mu1;
        double p2 = mu1 * mu2;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double m1 = (1 - b1) * G1[i];
            double v1 = (1 - b2) * G1[i] * G1[i];
            double d1 = Math.sqrt(v1 / (1 - b2)) + eps;
            // PyTorch 1.13's second coefficient uses P_t mu_t mu_{t+1}
            e[0][i] = W0[i] - lr * (1 - mu1) / (1 - p1) * G1[i] / d1 - lr * mu2 / (1 - p1 * mu1 * mu2) * m1 / d1;
            double m2 = b1 * m1 + (1 - b1) * G2[i];
            double v2 = b2 * v1 + (1 - b2) * G2[i] * G2[i];
            double d2 = Math.sqrt(v2 / (1 - b2 * b2)) + eps;
            e[1][i] = e[0][i] - lr * (1 - mu2) / (1 - p2) * G2[i] / d2 - lr * mu3 / (1 - p2 * mu2 * mu3) * m2 / d2;
        }
        check(ps -> Optimizers.nadam(ps, NadamConfig.defaults()), e);
    }

    @Test
    void adamaxWithTheInfinityNorm() {
        double lr = 0.002, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double m1 = (1 - b1) * G1[i];
            double u1 = Math.max(0, Math.abs(G1[i]) + eps);
            e[0][i] = W0[i] - lr / (1 - b1) * m1 / u1;
            double m2 = b1 * m1 + (1 - b1) * G2[i];
            double u2 = Math.max(b2 * u1, Math.abs(G2[i]) + eps);
            e[1][i] = e[0][i] - lr / (1 - b1 * b1) * m2 / u2;
        }
        check(ps -> Optimizers.adamax(ps, AdamaxConfig.defaults()), e);
    }

    @Test
    void gradientClippingByGlobalNormScalesBeforeTheRule() {
        double lr = 0.1, max = 0.5;
        double[][] e = new double[2][2];
        double n1 = Math.hypot(G1[0], G1[1]);
        double n2 = Math.hypot(G2[0], G2[1]);
        for (int i = 0; i < 2; i++) {
            e[0][i] = W0[i] - lr * G1[i] * Math.min(1, max / (n1 + 1e-6));
            e[1][i] = e[0][i] - lr * G2[i] * Math.min(1, max / (n2 + 1e-6));
        }
        check(ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(lr)).clipGradients(GradientClipping.byGlobalNorm(max)), e);
    }

    @Test
    void gradientClippingByValueClampsEachComponent() {
        double lr = 0.1, c = 0.35;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            e[0][i] = W0[i] - lr * Math.max(-c, Math.min(c, G1[i]));
            e[1][i] = e[0][i] - lr * Math.max(-c, Math.min(c, G2[i]));
        }
        check(ps -> Optimizers.sgd(ps, SgdConfig.defaults().withLr(lr)).clipGradients(GradientClipping.byValue(c)), e);
    }

    @Test
    void lbfgsFirstStepIsScaledSteepestDescentAndSecondUsesTheSecantPair() {
        // f(w) = (1/2) (a0 w0^2 + a1 w1^2), one iteration per call, fixed step lr
        double a0 = 2, a1 = 5, lr = 0.5;
        Tensor w = Tensor.of(W0.clone(), 2);
        Parameter p = new Parameter("w", w);
        Lbfgs lbfgs = Optimizers.lbfgs(List.of(p), LbfgsConfig.defaults().withLr(lr).withMaxIter(1));
        Closure closure = () -> {
            double x = w.getFlat(0), y = w.getFlat(1);
            w.setGrad(Tensor.of(new double[] {a0 * x, a1 * y}, 2));
            return 0.5 * (a0 * x * x + a1 * y * y);
        };
        double[] g0 = {a0 * W0[0], a1 * W0[1]};
        double t0 = Math.min(1, 1 / (Math.abs(g0[0]) + Math.abs(g0[1]))) * lr;
        double[] w1 = {W0[0] - t0 * g0[0], W0[1] - t0 * g0[1]};
        lbfgs.step(closure);
        assertThat(w.toDoubleArray()).containsExactly(new double[] {w1[0], w1[1]}, within(1e-15));

        // second step: s = w1 - w0, y = g1 - g0, H0 = s'y / y'y; d = -H g1 by the two-loop recursion with one pair
        double[] g1 = {a0 * w1[0], a1 * w1[1]};
        double[] s = {w1[0] - W0[0], w1[1] - W0[1]};
        double[] y = {g1[0] - g0[0], g1[1] - g0[1]};
        double sy = s[0] * y[0] + s[1] * y[1];
        double rho = 1 / sy;
        double gamma = sy / (y[0] * y[0] + y[1] * y[1]);
        double alpha = rho * (s[0] * -g1[0] + s[1] * -g1[1]);
        double[] q = {-g1[0] - alpha * y[0], -g1[1] - alpha * y[1]};
        double[] r = {gamma * q[0], gamma * q[1]};
        double beta = rho * (y[0] * r[0] + y[1] * r[1]);
        double[] d = {r[0] + (alpha - beta) * s[0], r[1] + (alpha - beta) * s[1]};
        lbfgs.step(closure);
        assertThat(w.getFlat(0)).isCloseTo(w1[0] + lr * d[0], within(1e-14));
        assertThat(w.getFlat(1)).isCloseTo(w1[1] + lr * d[1], within(1e-14));
    }
    @Test
    void nesterovLookaheadTakesTheGradientAtTheLookaheadPoint() {
        double a = 0.1, b = 0.8;
        Tensor w = Tensor.of(W0.clone(), 2);
        NesterovLookahead opt = Optimizers.nesterovLookahead(List.of(new Parameter("w", w)), new MomentumConfig(a, b));
        double[][] gradients = {G1, G2};
        double[][] seen = new double[2][];
        for (int t = 0; t < 2; t++) {
            int step = t;
            opt.step(() -> {
                seen[step] = w.toDoubleArray();
                w.setGrad(Tensor.of(gradients[step], 2));
                return 0;
            });
            if (t == 0) {
                assertThat(seen[0]).containsExactly(W0);                           // y_0 = w_0 (w_{-1} = w_0)
                for (int i = 0; i < 2; i++) {
                    assertThat(w.getFlat(i)).isCloseTo(W0[i] - a * G1[i], within(1e-15));
                }
            }
        }
        for (int i = 0; i < 2; i++) {
            double w1 = W0[i] - a * G1[i];
            double y1 = w1 + b * (w1 - W0[i]);
            assertThat(seen[1][i]).isCloseTo(y1, within(1e-15));
            assertThat(w.getFlat(i)).isCloseTo(w1 - a * G2[i] + b * (w1 - W0[i]), within(1e-15));
        }
    }

    @Test
    void newtonsFirstTwoStepsOnRosenbrock() {
        io.descent.objective.Rosenbrock f = new io.descent.objective.Rosenbrock();
        Tensor w = Tensor.of(new double[] {1.2, 1.3}, 2);
        Newton newton = new Newton(f, NewtonConfig.defaults());
        double[] x = {1.2, 1.3};
        for (int step = 0; step < 2; step++) {
            // d = -H^-1 g with the 2 x 2 inverse [[h11, -h01], [-h10, h00]] / det (H is positive definite here)
            double[] g = new double[2];
            f.gradient(x[0], x[1], g);
            double[][] h = f.hessian(x[0], x[1]);
            double det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            assertThat(h[0][0]).isPositive();
            assertThat(det).isPositive();
            double dx = -(h[1][1] * g[0] - h[0][1] * g[1]) / det;
            double dy = -(-h[1][0] * g[0] + h[0][0] * g[1]) / det;
            // halve t from 1 until f(x + t d) <= f(x) + 1e-4 t g'd (Armijo)
            double t = 1;
            while (f.value(x[0] + t * dx, x[1] + t * dy) > f.value(x[0], x[1]) + 1e-4 * t * (g[0] * dx + g[1] * dy)) {
                t /= 2;
            }
            x = new double[] {x[0] + t * dx, x[1] + t * dy};
            Newton.Step s = newton.step(w);
            assertThat(s.stepLength()).isEqualTo(t);
            assertThat(s.damping()).isZero();
            assertThat(w.toDoubleArray()).containsExactly(x, within(1e-13));
        }
    }
}
