package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.objective.Rosenbrock;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    @Test
    void oneCallWithStrongWolfeSolvesRosenbrockOnFloat32AndFloat64() {
        Rosenbrock f = new Rosenbrock();
        for (Tensor w : List.of(Tensor.of(new double[] {-1.2, 1}, 2), Tensor.of(new float[] {-1.2f, 1}, 2))) {
            Lbfgs lbfgs = Optimizers.lbfgs(List.of(new Parameter("w", w)),
                    LbfgsConfig.defaults().withMaxIter(200).withStrongWolfe(true));
            double start = lbfgs.step(() -> {
                double x = w.getFlat(0), y = w.getFlat(1);
                double[] g = new double[2];
                f.gradient(x, y, g);
                w.setGrad(Tensor.of(g, 2).to(w.dtype()));
                return f.value(x, y);
            });
            assertThat(start).isCloseTo(f.value(-1.2, 1), within(1e-4));
            assertThat(w.getFlat(0)).isCloseTo(1, within(1e-3));
            assertThat(w.getFlat(1)).isCloseTo(1, within(1e-3));
        }
    }

    @Test
    void itStopsAtOnceWhereTheGradientIsBelowTolerance() {
        Tensor w = Tensor.of(new double[] {1, 1}, 2);
        Lbfgs lbfgs = Optimizers.lbfgs(List.of(new Parameter("w", w)), LbfgsConfig.defaults());
        int[] calls = {0};
        lbfgs.step(() -> {
            calls[0]++;
            w.setGrad(Tensor.of(new double[] {0, 0}, 2));
            return 0;
        });
        assertThat(calls[0]).isEqualTo(1);
        assertThat(w.toDoubleArray()).containsExactly(1, 1);
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(x) = (x - 1)^3 - 3 (x - 1) has its local minimum at x = 2: f(0) = 2, f'(0) = 0, f(3) = 2, f'(3) = 9
        double x = StrongWolfe.cubicInterpolate(0, 2, 0, 3, 2, 9);
        assertThat(x).isCloseTo(2, within(1e-12));
        // f(0) = 0, f(1) = 1, slopes 2: rising throughout, no minimum; the middle of the bounds
        assertThat(StrongWolfe.cubicInterpolate(0, 0, 2, 1, 1, 2, 0, 1)).isEqualTo(0.5);
        // clamped to the bounds
        assertThat(StrongWolfe.cubicInterpolate(0, 2, 0, 3, 2, 9, 0, 1.5)).isEqualTo(1.5);
    }
}
