package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.objective.Saddle;
import org.junit.jupiter.api.Test;

/**
 * On f = y^4 - x^4 the Hessian is diag(-12 x^2, 12 y^2) and g = (-4 x^3, 4 y^3), so Newton's step
 * -H^-1 g = (-x/3, -y/3) and the saddle-free step -|H|^-1 g = (x/3, -y/3): the closed forms x &lt;- 2x/3 or
 * 4x/3, y &lt;- 2y/3, checked step by step.
 */
class SaddleFreeNewtonTest {
    private static final SaddleFreeConfig EXACT = SaddleFreeConfig.defaults().withKrylov(2).withDamping(0)
            .withLineSearch(false);

    @Test
    void newtonInTheSubspaceIsDrawnIntoTheSaddle() {
        SaddleFreeNewton newton = new SaddleFreeNewton(new ObjectiveCurvature(new Saddle()), EXACT.withAbsolute(false));
        double[] w = {0.9, -0.6};
        double x = w[0];
        double y = w[1];
        for (int step = 0; step < 8; step++) {
            newton.step(w);
            x *= 2.0 / 3;
            y *= 2.0 / 3;
            assertThat(w[0]).as("x after step %d", step + 1).isCloseTo(x, within(1e-12 * Math.abs(x) + 1e-300));
            assertThat(w[1]).as("y after step %d", step + 1).isCloseTo(y, within(1e-12 * Math.abs(y) + 1e-300));
        }
        assertThat(Math.hypot(w[0], w[1])).isLessThan(0.05);
    }

    @Test
    void saddleFreeNewtonEscapesAlongX() {
        SaddleFreeNewton sfn = new SaddleFreeNewton(new ObjectiveCurvature(new Saddle()), EXACT);
        double[] w = {0.2, 0.7};
        double x = w[0];
        double y = w[1];
        for (int step = 0; step < 8; step++) {
            SaddleFreeNewton.Step s = sfn.step(w);
            x *= 4.0 / 3;
            y *= 2.0 / 3;
            assertThat(w[0]).as("x after step %d", step + 1).isCloseTo(x, within(1e-12 * Math.abs(x)));
            assertThat(w[1]).as("y after step %d", step + 1).isCloseTo(y, within(1e-12 * Math.abs(y)));
            assertThat(s.ritzValues()).hasSize(2);
            assertThat(s.value()).isLessThan(s.valueBefore());
        }
    }

    @Test
    void theFullSaddleFreeStepPassesArmijo() {
        SaddleFreeNewton sfn = new SaddleFreeNewton(new ObjectiveCurvature(new Saddle()), EXACT.withLineSearch(true));
        double[] w = {-0.5, 0.4};
        SaddleFreeNewton.Step s = sfn.step(w);
        assertThat(s.stepLength()).isEqualTo(1.0);
        assertThat(w[0]).isCloseTo(-0.5 * 4 / 3, within(1e-12));
        assertThat(w[1]).isCloseTo(0.4 * 2 / 3, within(1e-12));
        assertThat(s.passes()).isEqualTo(1 + 2 * 2 + 1);
    }

    @Test
    void dampingShrinksTheStep() {
        SaddleFreeNewton sfn = new SaddleFreeNewton(new ObjectiveCurvature(new Saddle()), EXACT.withDamping(1));
        double[] w = {0.5, 0.5};
        sfn.step(w);
        // d_x = 4 x^3 / (12 x^2 + 1), d_y = -4 y^3 / (12 y^2 + 1)
        assertThat(w[0]).isCloseTo(0.5 + 0.5 / 4, within(1e-12));
        assertThat(w[1]).isCloseTo(0.5 - 0.5 / 4, within(1e-12));
    }
}
