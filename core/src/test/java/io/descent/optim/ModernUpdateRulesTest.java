package io.descent.optim;

import static io.descent.optim.UpdateRulesTest.G1;
import static io.descent.optim.UpdateRulesTest.G2;
import static io.descent.optim.UpdateRulesTest.W0;
import static io.descent.optim.UpdateRulesTest.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimizers after Adam, each against its paper's update rule written out here step by step (RAdam also
 * against PyTorch's trajectories in OptimizerParityTest).
 */
class ModernUpdateRulesTest {

    @Test
    void lionFollowsAlgorithmTwoOfThePaper() {
        double lr = 0.01, b1 = 0.9, b2 = 0.99, lambda = 0.1;
        double[][] e = new double[2][2];
        for (int i = 0; i < 2; i++) {
            double m0 = 0;
            double c1 = b1 * m0 + (1 - b1) * G1[i];
            e[0][i] = W0[i] - lr * (Math.signum(c1) + lambda * W0[i]);
            double m1 = b2 * m0 + (1 - b2) * G1[i];
            double c2 = b1 * m1 + (1 - b1) * G2[i];
            e[1][i] = e[0][i] - lr * (Math.signum(c2) + lambda * e[0][i]);
        }
        // the momentum carries beta2: with beta1 the second step's first sign would flip
        assertThat(Math.signum(b1 * (1 - b2) * G1[0] + (1 - b1) * G2[0])).isEqualTo(-1);
        assertThat(Math.signum(b1 * (1 - b1) * G1[0] + (1 - b1) * G2[0])).isEqualTo(1);
        check(ps -> Optimizers.lion(ps, new LionConfig(lr, b1, b2, lambda)), e);
    }

    @Test
    void lionLeavesACoordinateWithZeroInterpolationAloneButForTheDecay() {
        Parameter p = new Parameter("w", Tensor.of(new double[] {2.0, -1.0}, 2));
        ChainOptimizer lion = Optimizers.lion(List.of(p), new LionConfig(0.1, 0.9, 0.99, 0.5));
        p.value().setGrad(Tensor.of(new double[] {0.0, 3.0}, 2));
        lion.step();
        assertThat(p.value().getFlat(0)).isCloseTo(2.0 - 0.1 * 0.5 * 2.0, within(1e-15));
        assertThat(p.value().getFlat(1)).isCloseTo(-1.0 - 0.1 * (1 + 0.5 * -1.0), within(1e-15));
    }

    /** RAdam of Liu et al. (2020), Algorithm 2, with PyTorch's threshold rho_t > 5 and L2 decay; steps from W0. */
    private static double[][] radamByThePaper(double lr, double b1, double b2, double eps, double lambda, int steps) {
        double[][] out = new double[steps][2];
        double rhoInf = 2 / (1 - b2) - 1;
        for (int i = 0; i < 2; i++) {
            double w = W0[i];
            double m = 0;
            double v = 0;
            for (int t = 1; t <= steps; t++) {
                double g = (t % 2 == 1 ? G1[i] : G2[i]) + lambda * w;
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                double mHat = m / (1 - Math.pow(b1, t));
                double rho = rhoInf - 2 * t * Math.pow(b2, t) / (1 - Math.pow(b2, t));
                if (rho > 5) {
                    double l = Math.sqrt(1 - Math.pow(b2, t)) / (Math.sqrt(v) + eps);
                    double r = Math.sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho));
                    w = w - lr * mHat * r * l;
                } else {
                    w = w - lr * mHat;
                }
                out[t - 1][i] = w;
            }
        }
        return out;
    }

    @Test
    void radamStepsAsMomentumUntilTheVarianceIsTractableThenRectifies() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, lambda = 0.01;
        RadamStep step = new RadamStep(b1, b2, eps);
        assertThat(step.rho(5)).isLessThan(5);
        assertThat(step.rho(6)).isGreaterThan(5);   // the first adaptive step is the sixth
        double[][] e = radamByThePaper(lr, b1, b2, eps, lambda, 8);
        Parameter p = new Parameter("w", Tensor.of(W0.clone(), 2));
        ChainOptimizer radam = Optimizers.radam(List.of(p), new RadamConfig(lr, b1, b2, eps, lambda));
        for (int t = 0; t < 8; t++) {
            p.value().setGrad(Tensor.of(t % 2 == 0 ? G1.clone() : G2.clone(), 2));
            radam.step();
            for (int i = 0; i < 2; i++) {
                assertThat(p.value().getFlat(i)).as("step %d coordinate %d", t + 1, i)
                        .isCloseTo(e[t][i], within(1e-13 * Math.abs(e[t][i])));
            }
        }
    }

    @Test
    void radamsFirstTwoStepsInBothTypes() {
        check(ps -> Optimizers.radam(ps, RadamConfig.defaults().withLr(0.01)), radamByThePaper(0.01, 0.9, 0.999, 1e-8, 0, 2));
    }
}
