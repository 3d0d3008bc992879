package io.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.optim.ChainOptimizer;
import io.descent.optim.Lookahead;
import io.descent.optim.Optimizer;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The specs of RAdam, Lion, LAMB and LARS carry every hyperparameter into the chain and refuse what they do not take. */
class ModernOptimizerSpecsTest {

    private static ChainOptimizer build(String text) {
        Parameter p = new Parameter("w", Tensor.of(new double[] {1, -2}, 2));
        return (ChainOptimizer) OptimizerSpecs.optimizer(OptimizerSpecs.parse(text), List.of(p));
    }

    @Test
    void radamTakesPyTorchsNamesAndDefaults() {
        ChainOptimizer o = build("radam(lr=0.02, betas=0.8:0.99, eps=1e-6, weight_decay=0.01)");
        assertThat(o.chain().toString()).contains("radamStep(0.8, 0.99, 1.0E-6)").contains("addWeightDecay");
        assertThat(o.groups().get(0).lr()).isEqualTo(0.02);
        assertThat(o.groups().get(0).weightDecay()).isEqualTo(0.01);
        ChainOptimizer d = build("radam");
        assertThat(d.chain().toString()).contains("radamStep(0.9, 0.999, 1.0E-8)");
        assertThat(d.groups().get(0).lr()).isEqualTo(1e-3);
    }

    @Test
    void lionTakesTwoBetasAndADecoupledDecay() {
        ChainOptimizer o = build("lion(lr=3e-4, betas=0.95:0.98, weight_decay=1)");
        assertThat(o.chain().toString()).contains("lionStep(0.95, 0.98)");
        assertThat(o.groups().get(0).lr()).isEqualTo(3e-4);
        assertThat(o.groups().get(0).weightDecay()).isEqualTo(1.0);
        assertThat(build("lion").groups().get(0).lr()).isEqualTo(1e-4);
    }

    @Test
    void lambAndLarsCarryTheirSettings() {
        ChainOptimizer lamb = build("lamb(lr=0.02, betas=0.8:0.99, eps=1e-8, weight_decay=0.1)");
        assertThat(lamb.chain().toString()).contains("lambStep(0.8, 0.99, 1.0E-8)");
        assertThat(lamb.groups().get(0).weightDecay()).isEqualTo(0.1);
        assertThat(build("lamb").groups().get(0).weightDecay()).isEqualTo(0.01);
        ChainOptimizer lars = build("lars(lr=2, momentum=0.5, weight_decay=1e-4, trust_coefficient=0.02)");
        assertThat(lars.chain().toString()).contains("larsStep(0.5, 0.02)");
        assertThat(lars.groups().get(0).lr()).isEqualTo(2.0);
        assertThat(lars.groups().get(0).weightDecay()).isEqualTo(1e-4);
        assertThatThrownBy(() -> build("lars(trust_coefficient=-1)")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("trust coefficient");
    }

    @Test
    void lookaheadWrapsAnyFirstOrderSpec() {
        Parameter p = new Parameter("w", Tensor.of(new double[] {1, -2}, 2));
        Optimizer o = OptimizerSpecs.optimizer(OptimizerSpecs.parse("sgd(lr=0.1, lookahead_k=2, lookahead_alpha=0.25)"),
                List.of(p));
        assertThat(o).isInstanceOf(Lookahead.class);
        assertThat(o.toString()).startsWith("lookahead(k=2, alpha=0.25) around sgd");
        assertThat(OptimizerSpecs.optimizer(OptimizerSpecs.parse("lion(lookahead_k=6)"), List.of(p)).toString())
                .startsWith("lookahead(k=6, alpha=0.5) around lion");
        assertThatThrownBy(() -> OptimizerSpecs.optimizer(OptimizerSpecs.parse("adam(lookahead_k=0)"), List.of(p)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("k");
        assertThatThrownBy(() -> OptimizerSpecs.optimizer(OptimizerSpecs.parse("adam(lookahead_alpha=2)"), List.of(p)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("alpha");
    }

    @Test
    void lionHasNoEpsAndRadamNoAmsgrad() {
        assertThatThrownBy(() -> build("lion(eps=1e-8)")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("eps");
        assertThatThrownBy(() -> build("radam(amsgrad=true)")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("amsgrad");
        assertThatThrownBy(() -> build("lion(betas=0.9:1.5)")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("beta2");
    }
}
