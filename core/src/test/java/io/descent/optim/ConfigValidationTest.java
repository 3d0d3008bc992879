package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Hyperparameters are checked when built, and the message states the valid range (DESIGN rule 5). */
class ConfigValidationTest {

    @Test
    void messagesNameTheMethodTheSettingTheValueAndTheRange() {
        assertThatThrownBy(() -> AdamConfig.defaults().withBetas(1.2, 0.999))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("adam: beta1 = 1.2 is outside [0, 1)");
        assertThatThrownBy(() -> AdamConfig.defaults().withLr(Double.NaN)).hasMessage("adam: lr = NaN is outside [0, inf)");
        assertThatThrownBy(() -> SgdConfig.defaults().withMomentum(-0.1)).hasMessage("sgd: momentum = -0.1 is outside [0, 1)");
        assertThatThrownBy(() -> SgdConfig.defaults().withNesterov(true))
                .hasMessage("sgd: nesterov needs momentum > 0 and dampening = 0, got momentum = 0.0 and dampening = 0.0");
        assertThatThrownBy(() -> RmspropConfig.defaults().withAlpha(1)).hasMessage("rmsprop: alpha = 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> AdadeltaConfig.defaults().withRho(1.5)).hasMessage("adadelta: rho = 1.5 is outside [0, 1]");
        assertThatThrownBy(() -> AdagradConfig.defaults().withEps(-1e-10)).hasMessage("adagrad: eps = -1.0E-10 is outside [0, inf)");
        assertThatThrownBy(() -> NadamConfig.defaults().withMomentumDecay(Double.POSITIVE_INFINITY))
                .hasMessage("nadam: momentum decay = Infinity is outside [0, inf)");
        assertThatThrownBy(() -> AdamaxConfig.defaults().withWeightDecay(-1)).hasMessage("adamax: weight decay = -1.0 is outside [0, inf)");
        assertThatThrownBy(() -> LbfgsConfig.defaults().withHistorySize(0)).hasMessage("lbfgs: history size = 0 is outside [1, inf)");
        assertThatThrownBy(() -> NewtonConfig.defaults().withBacktrack(1)).hasMessage("newton: backtrack = 1.0 is outside (0, 1)");
        assertThatThrownBy(() -> new MomentumConfig(0.1, 1)).hasMessage("momentum: beta = 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> GradientClipping.byGlobalNorm(0)).hasMessage("clipping: max norm = 0.0 is outside (0, inf)");
    }

    @Test
    void defaultsAreTorchsAndLiveInOnePlace() {
        assertThat(AdamConfig.defaults()).isEqualTo(new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0, false));
        assertThat(AdamConfig.adamwDefaults().weightDecay()).isEqualTo(1e-2);
        assertThat(AdamConfig.adamwDefaults().beta2()).isEqualTo(AdamConfig.defaults().beta2());
        assertThat(AdagradConfig.defaults()).isEqualTo(new AdagradConfig(0.01, 0, 0, 0, 1e-10));
        assertThat(RmspropConfig.defaults()).isEqualTo(new RmspropConfig(0.01, 0.99, 1e-8, 0, 0, false));
        assertThat(AdadeltaConfig.defaults()).isEqualTo(new AdadeltaConfig(1.0, 0.9, 1e-6, 0));
        assertThat(NadamConfig.defaults()).isEqualTo(new NadamConfig(2e-3, 0.9, 0.999, 1e-8, 0, 4e-3));
        assertThat(AdamaxConfig.defaults()).isEqualTo(new AdamaxConfig(2e-3, 0.9, 0.999, 1e-8, 0));
        assertThat(LbfgsConfig.defaults()).isEqualTo(new LbfgsConfig(1, 20, 25, 1e-7, 1e-9, 100, false));
        assertThat(LbfgsConfig.defaults().withMaxIter(8).maxEval()).isEqualTo(10);
    }
}
