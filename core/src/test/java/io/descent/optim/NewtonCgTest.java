package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.objective.Quadratic;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Newton-CG on functions with known Hessians: exact Newton on a quadratic, and the damping rule. */
class NewtonCgTest {

    private static double[][] spd(int k, long seed) {
        Rng rng = new Rng(seed);
        double[][] m = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                for (int l = 0; l < k; l++) {
                    a[i][j] += m[i][l] * m[j][l];
                }
            }
            a[i][i] += 0.5;
        }
        return a;
    }

    @Test
    void oneStepWithEnoughIterationsIsExactNewtonOnAStrictlyConvexQuadratic() {
        int k = 6;
        double[] b = {1, -2, 0.5, 3, -1, 0.25};
        Quadratic f = new Quadratic(spd(k, 11), b);
        double[] start = {0.3, -0.1, 2, 0, 1, -1};
        NewtonCg cg = new NewtonCg(new ObjectiveCurvature(f), NewtonCgConfig.defaults().withDamping(0)
                .withMaxCg(k).withCgTolerance(1e-14).withCgBacktrack(false));
        double[] w = start.clone();
        NewtonCg.Step s = cg.step(w);

        Tensor exact = Tensor.of(start.clone());
        new Newton(f, NewtonConfig.defaults()).step(exact);
        for (int i = 0; i < k; i++) {
            assertThat(w[i]).as("w_%d", i).isCloseTo(exact.getFlat(i), within(1e-9));
        }
        assertThat(s.cgIterations()).isLessThanOrEqualTo(k);
        assertThat(s.rho()).isCloseTo(1, within(1e-9));   // the model is the function
        assertThat(Vectors.norm(f.gradient(Tensor.of(w)).toDoubleArray())).isLessThan(1e-9);
    }

    @Test
    void tooFewIterationsStopShortOfNewton() {
        int k = 6;
        Quadratic f = new Quadratic(spd(k, 12), new double[] {1, 1, 1, 1, 1, 1});
        NewtonCg cg = new NewtonCg(new ObjectiveCurvature(f), NewtonCgConfig.defaults().withDamping(0).withMaxCg(2)
                .withCgBacktrack(false));
        double[] w = new double[k];
        NewtonCg.Step s = cg.step(w);
        assertThat(s.cgIterations()).isEqualTo(2);
        assertThat(s.products()).isEqualTo(2);
        assertThat(s.value()).isLessThan(s.valueBefore());
        assertThat(Vectors.norm(f.gradient(Tensor.of(w)).toDoubleArray())).isGreaterThan(1e-6);
    }

    /** Pseudo-Huber, f = sum_i sqrt(1 + w_i^2): far out its curvature vanishes and the quadratic model overshoots. */
    private static final Objective HUBER = new Objective() {
        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public double value(Tensor w) {
            double s = 0;
            for (int i = 0; i < 3; i++) {
                double x = w.getFlat(i);
                s += Math.sqrt(1 + x * x);
            }
            return s;
        }

        @Override
        public Tensor gradient(Tensor w) {
            double[] g = new double[3];
            for (int i = 0; i < 3; i++) {
                double x = w.getFlat(i);
                g[i] = x / Math.sqrt(1 + x * x);
            }
            return Tensor.of(g);
        }

        @Override
        public Tensor hessian(Tensor w) {
            double[] h = new double[9];
            for (int i = 0; i < 3; i++) {
                double x = w.getFlat(i);
                h[i * 3 + i] = Math.pow(1 + x * x, -1.5);
            }
            return Tensor.wrap(h, 3, 3);
        }
    };

    @Test
    void dampingFollowsTheReductionRatio() {
        NewtonCg cg = new NewtonCg(new ObjectiveCurvature(HUBER), NewtonCgConfig.defaults().withDamping(0.01)
                .withCgBacktrack(false));
        double[] w = {3, -2, 1.5};
        boolean raised = false;
        boolean lowered = false;
        for (int step = 0; step < 60; step++) {
            double[] before = w.clone();
            double f0 = HUBER.value(Tensor.of(before));
            NewtonCg.Step s = cg.step(w);
            // rho and q from the function itself: q(d) = g'd + d'H d / 2 with H diagonal, d the full step tried
            // (the line search took t d)
            double[] d = new double[3];
            double[] full = new double[3];
            for (int i = 0; i < 3; i++) {
                d[i] = (w[i] - before[i]) / s.stepLength();
                full[i] = before[i] + d[i];
            }
            if (s.moved()) {
                double q = 0;
                for (int i = 0; i < 3; i++) {
                    double x = before[i];
                    q += x / Math.sqrt(1 + x * x) * d[i] + 0.5 * Math.pow(1 + x * x, -1.5) * d[i] * d[i];
                }
                assertThat(s.modelChange()).isCloseTo(q, within(1e-9 * Math.abs(q) + 1e-15));
                double rho = (HUBER.value(Tensor.of(full)) - f0) / q;
                assertThat(s.rho()).isCloseTo(rho, within(1e-9 * Math.abs(rho) + 1e-12));
            }
            double expected = s.rho() < 0.25 ? s.damping() * 1.5 : s.rho() > 0.75 ? s.damping() * 2 / 3 : s.damping();
            assertThat(cg.damping()).as("damping after step %d (rho %s)", step + 1, s.rho())
                    .isCloseTo(expected, within(1e-15 * expected));
            raised |= cg.damping() > s.damping();
            lowered |= cg.damping() < s.damping();
            if (s.gradientNorm() < 1e-10) {
                break;
            }
        }
        assertThat(raised).as("far out the quadratic model overshoots: rho < 1/4 raised lambda").isTrue();
        assertThat(lowered).as("near the minimum the model is good: rho > 3/4 lowered lambda").isTrue();
        assertThat(Vectors.norm(w)).isLessThan(1e-6);
    }

    @Test
    void aStepThatRaisesFIsShortenedByTheLineSearch() {
        // f = -cos(w): at w = 1.3 the curvature cos(1.3) = 0.27 is small and Newton's step -tan(1.3) = -3.6 lands
        // at -2.3, where f = 0.67 is above f(1.3) = -0.27
        Objective wave = new Objective() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double value(Tensor w) {
                return -Math.cos(w.getFlat(0));
            }

            @Override
            public Tensor gradient(Tensor w) {
                return Tensor.of(new double[] {Math.sin(w.getFlat(0))});
            }

            @Override
            public Tensor hessian(Tensor w) {
                return Tensor.wrap(new double[] {Math.cos(w.getFlat(0))}, 1, 1);
            }
        };
        NewtonCg cg = new NewtonCg(new ObjectiveCurvature(wave), NewtonCgConfig.defaults().withDamping(0)
                .withCgBacktrack(false));
        double[] w = {1.3};
        NewtonCg.Step s = cg.step(w);
        double d = -Math.tan(1.3);
        assertThat(s.rho()).as("the full step raises f").isNegative();
        assertThat(s.rho()).isCloseTo((-Math.cos(1.3 + d) + Math.cos(1.3)) / s.modelChange(), within(1e-9));
        assertThat(s.modelChange()).isCloseTo(-0.5 * Math.sin(1.3) * Math.tan(1.3), within(1e-12));
        assertThat(s.moved()).isTrue();
        // the first t of 1, 0.8, 0.8^2, ... with -cos(1.3 + t d) <= -cos(1.3) + 0.01 t sin(1.3) d
        double t = 1;
        while (-Math.cos(1.3 + t * d) > -Math.cos(1.3) + 0.01 * t * Math.sin(1.3) * d) {
            t *= 0.8;
        }
        assertThat(t).isLessThan(1);
        assertThat(s.stepLength()).isCloseTo(t, within(1e-12));
        assertThat(w[0]).isCloseTo(1.3 + t * d, within(1e-12));
        assertThat(s.value()).isLessThan(s.valueBefore());
        assertThat(cg.damping()).isZero();   // 0 * 3/2: the rule multiplies
    }
}
