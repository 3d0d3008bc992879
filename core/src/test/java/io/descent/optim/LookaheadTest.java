package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lookahead against Algorithm 1 of Zhang et al. (2019) written out here, around plain SGD and SGD with momentum. */
class LookaheadTest {
    private static final double LR = 0.1;

    /** A gradient that depends on the point, g = w^3 - 2 sin(w), so the fast path matters. */
    private static double grad(double w) {
        return w * w * w - 2 * Math.sin(w);
    }

    private static void setGradients(Parameter p) {
        double[] g = new double[p.size()];
        for (int i = 0; i < g.length; i++) {
            g[i] = grad(p.value().getFlat(i));
        }
        p.value().setGrad(Tensor.of(g, g.length));
    }

    @Test
    void kFastStepsThenTheSlowWeightsMoveAlphaOfTheWay() {
        int k = 3;
        double alpha = 0.4, mu = 0.9;
        double[] start = {1.3, -0.7};
        Parameter p = new Parameter("w", Tensor.of(start.clone(), 2));
        Optimizer opt = Optimizers.lookahead(Optimizers.sgd(List.of(p), new SgdConfig(LR, mu, 0, false, 0)), k, alpha);
        double[] phi = start.clone();
        double[] theta = start.clone();
        double[] buf = new double[2];
        for (int t = 1; t <= 10; t++) {
            for (int i = 0; i < 2; i++) {
                double g = grad(theta[i]);
                buf[i] = t == 1 ? g : mu * buf[i] + g;          // the inner state carries over synchronisations
                theta[i] -= LR * buf[i];
            }
            if (t % k == 0) {
                for (int i = 0; i < 2; i++) {
                    phi[i] = phi[i] + alpha * (theta[i] - phi[i]);
                    theta[i] = phi[i];
                }
            }
            setGradients(p);
            opt.step();
            for (int i = 0; i < 2; i++) {
                assertThat(p.value().getFlat(i)).as("step %d coordinate %d", t, i).isCloseTo(theta[i], within(1e-14));
            }
        }
    }

    @Test
    void alphaOneIsTheInnerOptimizerAndAlphaZeroStaysPut() {
        Parameter a = new Parameter("w", Tensor.of(new double[] {0.8}, 1));
        Parameter b = new Parameter("w", Tensor.of(new double[] {0.8}, 1));
        Parameter c = new Parameter("w", Tensor.of(new double[] {0.8}, 1));
        Optimizer plain = Optimizers.sgd(List.of(a), SgdConfig.defaults().withLr(LR));
        Optimizer one = Optimizers.lookahead(Optimizers.sgd(List.of(b), SgdConfig.defaults().withLr(LR)), 2, 1);
        Optimizer zero = Optimizers.lookahead(Optimizers.sgd(List.of(c), SgdConfig.defaults().withLr(LR)), 2, 0);
        for (int t = 0; t < 6; t++) {
            for (Parameter p : List.of(a, b, c)) {
                setGradients(p);
            }
            plain.step();
            one.step();
            zero.step();
        }
        assertThat(b.value().getFlat(0)).isEqualTo(a.value().getFlat(0)).isNotEqualTo(0.8);
        assertThat(c.value().getFlat(0)).isEqualTo(0.8);
    }

    @Test
    void badSettingsAndForeignStatesAreRefused() {
        Parameter p = new Parameter("w", Tensor.of(new double[] {0.8}, 1));
        assertThatThrownBy(() -> Optimizers.lookahead(Optimizers.sgd(List.of(p), SgdConfig.defaults()), 0, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> Optimizers.lookahead(Optimizers.sgd(List.of(p), SgdConfig.defaults()), 5, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha");
        Optimizer five = Optimizers.lookahead(Optimizers.sgd(List.of(p), SgdConfig.defaults()), 5, 0.5);
        Optimizer six = Optimizers.lookahead(Optimizers.sgd(List.of(p), SgdConfig.defaults()), 6, 0.5);
        assertThatThrownBy(() -> six.load(five.state())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("description");
        assertThatThrownBy(() -> five.load(Optimizers.sgd(List.of(p), SgdConfig.defaults()).state()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("optimizer");
    }
}
