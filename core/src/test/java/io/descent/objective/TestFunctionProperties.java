package io.descent.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.optim.FiniteDifferences;
import io.descent.optim.Objective;
import io.descent.tensor.Tensor;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The test functions' hand-written derivatives: gradients against central differences of the value, exact
 * Hessians against central differences of the gradient (to 1e-6, the bar), and the known
 * stationary points with their kinds.
 */
class TestFunctionProperties {

    @Provide
    Arbitrary<Objective> functions() {
        return Arbitraries.of(List.of(new Beale(), new Rosenbrock(), new Rosenbrock(2, 10), new Saddle(),
                Quadratic.illConditioned(50)));
    }

    @Property(tries = 300)
    void gradientMatchesCentralDifferencesOfTheValue(@ForAll("functions") Objective f,
                                                     @ForAll @DoubleRange(min = -2.5, max = 2.5) double x,
                                                     @ForAll @DoubleRange(min = -2.5, max = 2.5) double y) {
        double[] g = f.gradient(Tensor.of(new double[] {x, y}, 2)).toDoubleArray();
        double h = 1e-6;
        double dx = (f.value(Tensor.of(new double[] {x + h, y}, 2)) - f.value(Tensor.of(new double[] {x - h, y}, 2))) / (2 * h);
        double dy = (f.value(Tensor.of(new double[] {x, y + h}, 2)) - f.value(Tensor.of(new double[] {x, y - h}, 2))) / (2 * h);
        double scale = Math.max(1, Math.abs(f.value(Tensor.of(new double[] {x, y}, 2))));
        assertThat(g[0]).isCloseTo(dx, within(1e-6 * scale));
        assertThat(g[1]).isCloseTo(dy, within(1e-6 * scale));
    }

    @Property(tries = 300)
    void hessianIsExactToOneInAMillion(@ForAll("functions") Objective f,
                                       @ForAll @DoubleRange(min = -2.5, max = 2.5) double x,
                                       @ForAll @DoubleRange(min = -2.5, max = 2.5) double y) {
        Tensor w = Tensor.of(new double[] {x, y}, 2);
        double[] exact = f.hessian(w).toDoubleArray();
        double[] numeric = FiniteDifferences.hessian(f, w).toDoubleArray();
        for (int i = 0; i < 4; i++) {
            assertThat(exact[i]).as("entry %d", i).isCloseTo(numeric[i], within(1e-6 * Math.max(1, Math.abs(numeric[i]))));
        }
        assertThat(exact[1]).isEqualTo(exact[2]);
    }

    @Test
    void bealeHasItsMinimumZeroAtThreeAndAHalf() {
        Beale f = new Beale();
        assertThat(f.value(3, 0.5)).isZero();
        assertThat(f.gradient(Tensor.of(Beale.MINIMUM, 2)).toDoubleArray()).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(StationaryPoint.classify(f, Beale.MINIMUM)).isEqualTo(StationaryPoint.Kind.MINIMUM);
    }

    @Test
    void rosenbrockHasItsMinimumZeroAtTheEndOfTheValley() {
        Rosenbrock f = new Rosenbrock();
        assertThat(f.minimum()).containsExactly(1, 1);
        assertThat(f.value(1, 1)).isZero();
        assertThat(f.gradient(Tensor.of(f.minimum(), 2)).toDoubleArray()).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(StationaryPoint.classify(f, f.minimum())).isEqualTo(StationaryPoint.Kind.MINIMUM);
    }

    @Test
    void theSaddleIsStationaryAtTheOriginWhereTheSecondOrderTestIsDegenerate() {
        Saddle f = new Saddle();
        assertThat(f.gradient(Tensor.of(Saddle.SADDLE_POINT, 2)).toDoubleArray()).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(f.hessian(0, 0)[0]).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(f.hessian(0, 0)[1]).containsExactly(new double[] {0, 0}, within(0.0));
        assertThat(StationaryPoint.classify(f, Saddle.SADDLE_POINT)).isEqualTo(StationaryPoint.Kind.DEGENERATE);
        // yet it is a saddle: f rises along y and falls along x in every neighbourhood
        assertThat(f.value(0, 1e-3)).isPositive();
        assertThat(f.value(1e-3, 0)).isNegative();
        // away from the origin the Hessian shows the saddle shape
        assertThat(StationaryPoint.classify(f.hessian(0.5, 0.5))).isEqualTo(StationaryPoint.Kind.SADDLE);
    }

    @Test
    void theIllConditionedQuadraticHasEigenvaluesOneAndItsCondition() {
        Quadratic q = Quadratic.illConditioned(100);
        double[] h = q.hessian(Tensor.zeros(io.descent.tensor.DType.FLOAT64, 2)).toDoubleArray();
        double[] eigen = Jacobi.eigenvalues(new double[][] {{h[0], h[1]}, {h[2], h[3]}});
        assertThat(eigen[0]).isCloseTo(1, within(1e-12));
        assertThat(eigen[1]).isCloseTo(100, within(1e-12));
        assertThat(h[1]).isNotZero();       // turned: not separable by coordinates
        assertThat(q.value(Tensor.zeros(io.descent.tensor.DType.FLOAT64, 2))).isZero();
    }
}
