package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The convex counterexample of Reddi, Kale and Kumar (2018, section 3), on which Adam fails to converge:
 * online losses f_t(x) = C x when t mod 3 = 1 and -x otherwise, x in [-1, 1], C &gt; 2. The optimum is
 * x = -1 (each cycle of three costs -C + 2 there), the worst point x = +1. With beta1 = 0,
 * beta2 = 1 / (1 + C^2) and steps a / sqrt(t), projected onto [-1, 1], Adam's large gradient C is divided
 * by a large second moment at once while the two gradients -1 that follow meet a second moment that has
 * already decayed, so the net drift is towards +1. AMSGrad keeps the largest second moment and converges
 * to -1. Both are this library's Adam transform, with and without {@code amsgrad}.
 */
class ReddiCounterexampleTest {
    static final double C = 3;
    static final int T = 3000;

    /** Runs the online problem from x0; returns the iterates x_1 .. x_T and the regret against x = -1. */
    static double[] run(boolean amsgrad, double x0, double[] regret) {
        Tensor x = Tensor.of(new double[] {x0}, 1);
        Parameter p = new Parameter("x", x);
        Optimizer adam = Optimizers.adam(List.of(p),
                new AdamConfig(0.5, 0, 1 / (1 + C * C), 1e-8, 0, amsgrad));
        double[] path = new double[T];
        double total = 0;
        for (int t = 1; t <= T; t++) {
            double g = t % 3 == 1 ? C : -1;              // f_t(x) = g x
            total += g * x.getFlat(0) - g * -1;
            x.setGrad(Tensor.of(new double[] {g}, 1));
            adam.setLearningRateFactor(1 / Math.sqrt(t)); // step a / sqrt(t)
            adam.step();
            try (var scope = GradMode.disabled()) {
                x.setFlat(0, Math.max(-1, Math.min(1, x.getFlat(0))));   // projection onto [-1, 1]
            }
            path[t - 1] = x.getFlat(0);
        }
        regret[0] = total / T;
        return path;
    }

    @Test
    void adamDriftsToTheWorstPointEvenFromTheOptimum() {
        double[] regret = new double[1];
        double[] path = run(false, -1, regret);
        for (int t = T - 300; t < T; t++) {
            assertThat(path[t]).as("x_%d", t + 1).isGreaterThan(0.98);
        }
        // the average regret tends to (2C - 4) / 3 = 2/3 instead of 0
        assertThat(regret[0]).isGreaterThan(0.6);
        System.out.printf("Reddi et al.: Adam from x = -1 ends at x = %.4f, average regret %.3f%n", path[T - 1], regret[0]);
    }

    @Test
    void amsgradConvergesToTheOptimumEvenFromTheWorstPoint() {
        double[] regret = new double[1];
        double[] path = run(true, 1, regret);
        for (int t = T - 300; t < T; t++) {
            assertThat(path[t]).as("x_%d", t + 1).isLessThan(-0.98);
        }
        assertThat(regret[0]).isLessThan(0.05);
        System.out.printf("Reddi et al.: AMSGrad from x = +1 ends at x = %.4f, average regret %.3f%n", path[T - 1], regret[0]);
    }
}
