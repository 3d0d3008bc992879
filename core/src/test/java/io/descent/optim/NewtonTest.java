package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.objective.Quadratic;
import io.descent.objective.Rosenbrock;
import io.descent.objective.Saddle;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

class NewtonTest {

    @Test
    void onAQuadraticOneFullStepLandsOnTheMinimizer() {
        Quadratic q = new Quadratic(new double[][] {{4, 1, 0}, {1, 3, 0.5}, {0, 0.5, 2}}, new double[] {1, -2, 0.5});
        Tensor w = Tensor.of(new double[] {5, -7, 3}, 3);
        Newton.Step step = new Newton(q, NewtonConfig.defaults()).step(w);
        assertThat(step.stepLength()).isEqualTo(1);
        assertThat(step.damping()).isZero();
        assertThat(step.backtracks()).isZero();
        assertThat(q.gradient(w).toDoubleArray()).containsExactly(new double[] {0, 0, 0}, within(1e-14));
    }

    @Test
    void aHessianThatIsNotPositiveDefiniteIsDampedAndTheStepStillDescends() {
        Saddle f = new Saddle();
        Tensor w = Tensor.of(new double[] {0.5, 1}, 2);    // Hessian diag(-3, 12)
        Newton newton = new Newton(f, NewtonConfig.defaults());
        Newton.Step step = newton.step(w);
        assertThat(step.damping()).isGreaterThan(3);        // enough to make -3 + tau positive
        assertThat(step.value()).isLessThan(step.valueBefore());
        assertThat(w.getFlat(0)).isGreaterThan(0.5);        // it moves away from the saddle along x
        assertThat(w.getFlat(1)).isLessThan(1);

        Quadratic concave = new Quadratic(new double[][] {{-2, 0}, {0, -1}}, new double[] {0, 0});
        Tensor v = Tensor.of(new double[] {0.3, -0.2}, 2);
        Newton.Step up = new Newton(concave, NewtonConfig.defaults()).step(v);
        assertThat(up.damping()).isGreaterThan(2);
        assertThat(up.value()).isLessThan(up.valueBefore());
    }

    @Test
    void theLineSearchBacktracksWhenTheFullStepWouldIncreaseTheValue() {
        Rosenbrock f = new Rosenbrock();
        Newton newton = new Newton(f, NewtonConfig.defaults());
        Tensor w = Tensor.of(new double[] {-1.2, 1}, 2);
        int backtracked = 0;
        double previous = f.value(w);
        for (int i = 0; i < 50 && f.gradient(w).toDoubleArray()[0] != 0; i++) {
            Newton.Step s = newton.step(w);
            if (!s.moved()) {
                break;
            }
            backtracked += s.backtracks();
            assertThat(s.value()).isLessThanOrEqualTo(previous);
            previous = s.value();
        }
        assertThat(backtracked).isPositive();
        assertThat(w.toDoubleArray()).containsExactly(new double[] {1, 1}, within(1e-10));
    }

    @Test
    void convergenceIsQuadraticNearTheMinimum() {
        Rosenbrock f = new Rosenbrock();
        Newton newton = new Newton(f, NewtonConfig.defaults());
        Tensor w = Tensor.of(new double[] {1.05, 1.08}, 2);
        double e0 = distance(w);
        newton.step(w);
        double e1 = distance(w);
        newton.step(w);
        double e2 = distance(w);
        assertThat(e1).isLessThan(e0);
        assertThat(e2).isLessThan(10 * e1 * e1 / e0 + 1e-15);
        assertThat(e2 / e1).isLessThan(e1 / e0);
    }

    private static double distance(Tensor w) {
        return Math.hypot(w.getFlat(0) - 1, w.getFlat(1) - 1);
    }

    @Test
    void refusesObjectivesAboveTheLimitAndStatesIt() {
        Objective big = new Objective() {
            public int dimension() {
                return 5000;
            }

            public double value(Tensor w) {
                return 0;
            }

            public Tensor gradient(Tensor w) {
                return w;
            }
        };
        assertThatThrownBy(() -> new Newton(big, NewtonConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5000 parameters, above the limit of 4096")
                .hasMessageContaining("5000 x 5000 Hessian (190.7 MiB)")
                .hasMessageContaining("O(k^3), about 4.2e+10 multiply-adds");
        assertThat(Newton.DEFAULT_MAX_PARAMETERS).isEqualTo(4096);
    }

    @Test
    void aNonFiniteHessianFailsLoudly() {
        Objective nan = new Objective() {
            public int dimension() {
                return 1;
            }

            public double value(Tensor w) {
                return 0;
            }

            public Tensor gradient(Tensor w) {
                return Tensor.of(new double[] {1}, 1);
            }

            @Override
            public Tensor hessian(Tensor w) {
                return Tensor.of(new double[] {Double.NaN}, 1, 1);
            }
        };
        assertThatThrownBy(() -> new Newton(nan, NewtonConfig.defaults()).step(Tensor.of(new double[] {1}, 1)))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("non-finite");
    }
}
