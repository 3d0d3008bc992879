package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamGroupsTest {

    @Test
    void eachGroupHasItsOwnLearningRateAndWeightDecay() {
        Parameter weight = new Parameter("weight", Tensor.of(new double[] {1, 1}, 2));
        Parameter bias = new Parameter("bias", Tensor.of(new double[] {1, 1}, 2));
        Optimizer opt = Optimizers.sgd(List.of(ParamGroup.of(List.of(weight)),
                ParamGroup.of(List.of(bias)).withLr(0.5).withWeightDecay(0)), new SgdConfig(0.1, 0, 0, false, 0.2));
        weight.value().setGrad(Tensor.of(new double[] {1, 0}, 2));
        bias.value().setGrad(Tensor.of(new double[] {1, 0}, 2));
        opt.step();
        // weight: w - 0.1 (g + 0.2 w); bias: b - 0.5 g, no decay
        assertThat(weight.value().toDoubleArray()).containsExactly(1 - 0.1 * (1 + 0.2), 1 - 0.1 * 0.2);
        assertThat(bias.value().toDoubleArray()).containsExactly(0.5, 1);
        assertThat(opt.groups().get(0).lr()).isEqualTo(0.1);
        assertThat(opt.groups().get(1).weightDecay()).isZero();
    }

    @Test
    void adamwDecaysOnlyTheGroupsThatAskForIt() {
        Parameter weight = new Parameter("weight", Tensor.of(new double[] {2}, 1));
        Parameter bias = new Parameter("bias", Tensor.of(new double[] {2}, 1));
        Optimizer opt = Optimizers.adamw(List.of(ParamGroup.of(List.of(weight)), ParamGroup.of(List.of(bias)).withWeightDecay(0)),
                AdamConfig.adamwDefaults().withLr(0.1));
        weight.value().setGrad(Tensor.of(new double[] {0}, 1));
        bias.value().setGrad(Tensor.of(new double[] {0}, 1));
        opt.step();
        assertThat(weight.value().getFlat(0)).isEqualTo(2 * (1 - 0.1 * 0.01));
        assertThat(bias.value().getFlat(0)).isEqualTo(2);
    }

    @Test
    void parametersWithoutAGradientAreSkippedAndKeepTheirStepCount() {
        Parameter used = new Parameter("used", Tensor.of(new double[] {1}, 1));
        Parameter unused = new Parameter("unused", Tensor.of(new double[] {1}, 1));
        ChainOptimizer opt = Optimizers.adam(List.of(used, unused), AdamConfig.defaults());
        used.value().setGrad(Tensor.of(new double[] {1}, 1));
        opt.step();
        opt.step();
        assertThat(unused.value().getFlat(0)).isEqualTo(1);
        assertThat(opt.state().metadata()).containsEntry("param.0.step", "2").containsEntry("param.1.step", "0");
    }

    @Test
    void aScheduleFactorScalesEveryGroupsBaseRate() {
        Parameter a = new Parameter("a", Tensor.of(new double[] {1}, 1));
        Parameter b = new Parameter("b", Tensor.of(new double[] {1}, 1));
        Optimizer opt = Optimizers.sgd(List.of(ParamGroup.of(List.of(a)), ParamGroup.of(List.of(b)).withLr(0.3)),
                SgdConfig.defaults().withLr(0.1));
        opt.setLearningRateFactor(0.5);
        assertThat(opt.groups().get(0).lr()).isEqualTo(0.05);
        assertThat(opt.groups().get(1).lr()).isEqualTo(0.15);
        assertThat(opt.groups().get(1).baseLr()).isEqualTo(0.3);
        assertThatThrownBy(() -> opt.setLearningRateFactor(Double.NaN)).hasMessageContaining("lr = NaN is outside [0, inf)");
    }

    @Test
    void aParameterMayBelongToOneGroupOnly() {
        Parameter p = new Parameter("p", Tensor.of(new double[] {1}, 1));
        assertThatThrownBy(() -> Optimizers.sgd(List.of(ParamGroup.of(List.of(p)), ParamGroup.of(List.of(p))), SgdConfig.defaults()))
                .hasMessageContaining("appears in more than one group");
        assertThatThrownBy(() -> ParamGroup.of(List.of())).hasMessageContaining("needs at least one parameter");
        assertThatThrownBy(() -> ParamGroup.of(List.of(p)).withLr(-1)).hasMessageContaining("lr = -1.0 is outside [0, inf)");
    }

    @Test
    void zeroGradClearsEveryParametersGradient() {
        Parameter p = new Parameter("p", Tensor.of(new float[] {1, 2}, 2));
        Optimizer opt = Optimizers.sgd(List.of(p), SgdConfig.defaults());
        p.value().setGrad(Tensor.of(new float[] {3, 4}, 2));
        opt.zeroGrad();
        assertThat(p.grad().toDoubleArray()).containsExactly(0, 0);
    }
}
