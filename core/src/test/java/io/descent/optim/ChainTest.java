package io.descent.optim;

import static io.descent.optim.Transforms.addWeightDecay;
import static io.descent.optim.Transforms.adamStep;
import static io.descent.optim.Transforms.descend;
import static io.descent.optim.Transforms.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The composition story, as the code tells it. */
class ChainTest {
    final List<Parameter> params = List.of(new Parameter("w", Tensor.of(new double[] {1, 2}, 2)));

    @Test
    void theNamedOptimizersAreReadableChains() {
        assertThat(Optimizers.sgd(params, SgdConfig.defaults().withMomentum(0.9)).chain())
                .hasToString("chain(addWeightDecay(), trace(0.9, 0.0, false), descend())");
        assertThat(Optimizers.adam(params, AdamConfig.defaults()).chain())
                .hasToString("chain(addWeightDecay(), adamStep(0.9, 0.999, 1.0E-8, false))");
        assertThat(Optimizers.adamw(params, AdamConfig.adamwDefaults()).chain())
                .hasToString("chain(decoupledWeightDecay(), adamStep(0.9, 0.999, 1.0E-8, false))");
        assertThat(Optimizers.adadelta(params, AdadeltaConfig.defaults()).chain())
                .hasToString("chain(addWeightDecay(), adadeltaScale(0.9, 1.0E-6), descend())");
        assertThat(Optimizers.heavyBall(params, MomentumConfig.defaults()).chain())
                .hasToString("chain(heavyBallStep(0.9))");
    }

    @Test
    void adamwIsAdamWithTheWeightDecayDecoupled() {
        Chain adam = Optimizers.adam(params, AdamConfig.defaults()).chain();
        Chain adamw = Optimizers.adamw(params, AdamConfig.defaults()).chain();
        assertThat(adam.size()).isEqualTo(adamw.size());
        assertThat(adam.get(1)).isEqualTo(adamw.get(1));
        assertThat(adam.get(0)).isInstanceOf(AddWeightDecay.class);
        assertThat(adamw.get(0)).isInstanceOf(DecoupledWeightDecay.class);
    }

    @Test
    void aHandWrittenChainIsAnOptimizer() {
        Tensor w = Tensor.of(new double[] {1, 2}, 2);
        Parameter p = new Parameter("w", w);
        ChainOptimizer custom = new ChainOptimizer("sgd", List.of(ParamGroup.of(List.of(p))), 0.1, 0,
                Chain.of(addWeightDecay(), trace(0.5, 0, true), descend()));
        ChainOptimizer named = Optimizers.sgd(List.of(new Parameter("v", Tensor.of(new double[] {1, 2}, 2))),
                new SgdConfig(0.1, 0.5, 0, true, 0));
        Tensor v = named.groups().get(0).parameters().get(0).value();
        for (int t = 0; t < 5; t++) {
            w.setGrad(w.mul(w));
            v.setGrad(v.mul(v));
            custom.step();
            named.step();
        }
        assertThat(w.toDoubleArray()).isEqualTo(v.toDoubleArray());
    }

    @Test
    void theLastTransformAndOnlyItAppliesTheUpdate() {
        assertThatThrownBy(() -> Chain.of(addWeightDecay(), trace(0.9, 0, false)))
                .hasMessageContaining("trace does not apply the update; end the chain with descend()");
        assertThatThrownBy(() -> Chain.of(descend(), addWeightDecay()))
                .hasMessageContaining("descend applies the update and must come last");
        assertThatThrownBy(() -> Chain.of(adamStep(0.9, 0.999, 1e-8, false), descend()))
                .hasMessageContaining("adamStep applies the update and must come last");
        assertThatThrownBy(() -> Chain.of(addWeightDecay(), addWeightDecay(), descend()))
                .hasMessageContaining("addWeightDecay appears twice");
    }
}
