package io.descent.optim;

import static io.descent.optim.Transforms.addWeightDecay;
import static io.descent.optim.Transforms.adamStep;
import static io.descent.optim.Transforms.descend;
import static io.descent.optim.Transforms.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Parallel;
import io.descent.tensor.Rng;
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

    /**
     * A parameter split across the threads (size over 2 x Parallel.GRAIN, odd), with every stage of SGD running:
     * weight decay, then Nesterov momentum and descent, which the chain runs as one pass. It must give exactly
     * PyTorch's SGD written as plain loops, in both types.
     */
    @Test
    void sgdWithMomentumInOnePassIsPyTorchsSgd() {
        int n = 2 * Parallel.GRAIN + 12_305;
        double lr = 0.1;
        double mu = 0.9;
        double wd = 0.01;
        for (DType dtype : DType.values()) {
            Tensor w = Tensor.uniform(new Rng(1), -1, 1, dtype, n);
            ChainOptimizer sgd = Optimizers.sgd(List.of(new Parameter("w", w)), new SgdConfig(lr, mu, 0, true, wd));
            double[] pd = w.toDoubleArray();
            double[] bd = new double[n];
            float[] pf = w.toFloatArray();
            float[] bf = new float[n];
            for (int t = 0; t < 3; t++) {
                Tensor g = Tensor.uniform(new Rng(10 + t), -1, 1, dtype, n);
                double[] gd = g.toDoubleArray();
                float[] gf = g.toFloatArray();
                for (int i = 0; i < n; i++) {
                    double d = Math.fma(wd, pd[i], gd[i]);                  // d_p = grad.add(p, alpha=wd)
                    bd[i] = t == 0 ? d : Math.fma(1, d, bd[i] * mu);         // buf.mul_(mu).add_(d_p)
                    pd[i] = Math.fma(-lr, Math.fma(mu, bd[i], d), pd[i]);    // p.add_(d_p.add(buf, alpha=mu), alpha=-lr)
                    float e = Math.fma((float) wd, pf[i], gf[i]);
                    bf[i] = t == 0 ? e : Math.fma(1f, e, bf[i] * (float) mu);
                    pf[i] = Math.fma((float) -lr, Math.fma((float) mu, bf[i], e), pf[i]);
                }
                w.setGrad(g);
                sgd.step();
            }
            if (dtype == DType.FLOAT32) {
                assertThat(w.toFloatArray()).containsExactly(pf);
            } else {
                assertThat(w.toDoubleArray()).containsExactly(pd);
            }
        }
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
