package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.InvalidInputException;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resuming continues bit for bit: N steps straight equal N/2 steps, a save, a load into a fresh optimizer on
 * fresh parameters holding the saved values, and N/2 more steps. The state travels through the two plain
 * maps a checkpoint file holds, copied, as a writer and a reader would.
 */
class SaveResumeTest {
    static final int N = 20;

    /** Three parameters in two groups, float32 and float64 mixed, the second group with its own lr and no decay. */
    static final class Problem {
        final Parameter weight = new Parameter("weight", Tensor.of(new float[] {0.3f, -1.2f, 0.8f, 2.0f, -0.4f, 1.1f}, 3, 2));
        final Parameter scale = new Parameter("scale", Tensor.of(new double[] {1.5, -0.7}, 2));
        final Parameter bias = new Parameter("bias", Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.05f}, 4));

        List<ParamGroup> groups() {
            return List.of(ParamGroup.of(List.of(weight, scale)), ParamGroup.of(List.of(bias)).withLr(0.003).withWeightDecay(0));
        }

        /** A gradient that depends on the point: g = sin(3 w) + w^3 / 2, so the path depends on all state. */
        void computeGradients() {
            for (Parameter p : List.of(weight, scale, bias)) {
                Tensor w = p.value();
                Tensor g = Tensor.zeros(w.dtype(), w.shape());
                for (int i = 0; i < w.size(); i++) {
                    double x = w.getFlat(i);
                    g.setFlat(i, Math.sin(3 * x) + x * x * x / 2);
                }
                w.setGrad(g);
            }
        }

        double[][] values() {
            return new double[][] {weight.value().toDoubleArray(), scale.value().toDoubleArray(), bias.value().toDoubleArray()};
        }

        void copyFrom(Problem other) {
            copy(other.weight, weight);
            copy(other.scale, scale);
            copy(other.bias, bias);
        }

        private static void copy(Parameter from, Parameter to) {
            for (int i = 0; i < from.size(); i++) {
                double v = from.value().getFlat(i);
                try (var s = io.descent.autograd.GradMode.disabled()) {
                    to.value().setFlat(i, v);
                }
            }
        }
    }

    static Stream<Arguments> optimizers() {
        Map<String, Function<List<ParamGroup>, Optimizer>> m = new LinkedHashMap<>();
        m.put("sgd", g -> Optimizers.sgd(g, SgdConfig.defaults().withLr(0.01)));
        m.put("sgd nesterov decay", g -> Optimizers.sgd(g, new SgdConfig(0.01, 0.9, 0, true, 0.01)));
        m.put("sgd momentum clipped", g -> Optimizers.sgd(g, new SgdConfig(0.01, 0.8, 0.1, false, 0))
                .clipGradients(GradientClipping.byGlobalNorm(0.5)));
        m.put("heavy ball", g -> Optimizers.heavyBall(g, new MomentumConfig(0.01, 0.9)));
        m.put("adagrad", g -> Optimizers.adagrad(g, new AdagradConfig(0.1, 0.01, 0.01, 0.1, 1e-10)));
        m.put("rmsprop centered", g -> Optimizers.rmsprop(g, new RmspropConfig(0.01, 0.9, 1e-8, 0.01, 0.5, true)));
        m.put("adadelta", g -> Optimizers.adadelta(g, AdadeltaConfig.defaults().withWeightDecay(0.01)));
        m.put("adam amsgrad", g -> Optimizers.adam(g, AdamConfig.defaults().withLr(0.01).withAmsgrad(true).withWeightDecay(0.01)));
        m.put("adamw", g -> Optimizers.adamw(g, AdamConfig.adamwDefaults().withLr(0.01)));
        m.put("nadam", g -> Optimizers.nadam(g, NadamConfig.defaults().withWeightDecay(0.01)));
        m.put("adamax clipped", g -> Optimizers.adamax(g, AdamaxConfig.defaults())
                .clipGradients(GradientClipping.byValue(0.5)));
        m.put("radam", g -> Optimizers.radam(g, RadamConfig.defaults().withLr(0.01).withWeightDecay(0.01)));
        m.put("lion", g -> Optimizers.lion(g, LionConfig.defaults().withLr(0.01).withWeightDecay(0.1)));
        m.put("lookahead adam", g -> Optimizers.lookahead(Optimizers.adam(g, AdamConfig.defaults().withLr(0.01)), 3, 0.5));
        m.put("lamb", g -> Optimizers.lamb(g, LambConfig.defaults().withLr(0.01)));
        m.put("lars", g -> Optimizers.lars(g, LarsConfig.defaults().withTrustCoefficient(0.01)));
        return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** What a checkpoint writer and reader do: copy every tensor and string out and back. */
    static OptimizerState throughAFile(OptimizerState s) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        s.tensors().forEach((k, v) -> tensors.put(k, v.copy()));
        return OptimizerState.of(tensors, new LinkedHashMap<>(s.metadata()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void resumingContinuesBitForBit(String name, Function<List<ParamGroup>, Optimizer> factory) {
        Problem straight = new Problem();
        Optimizer a = factory.apply(straight.groups());
        for (int t = 0; t < N; t++) {
            straight.computeGradients();
            a.step();
        }

        Problem first = new Problem();
        Optimizer b = factory.apply(first.groups());
        for (int t = 0; t < N / 2; t++) {
            first.computeGradients();
            b.step();
        }
        OptimizerState saved = throughAFile(b.state());
        Problem resumed = new Problem();
        resumed.copyFrom(first);
        Optimizer c = factory.apply(resumed.groups());
        c.load(saved);
        for (int t = 0; t < N / 2; t++) {
            resumed.computeGradients();
            c.step();
        }
        assertThat(resumed.values()).isDeepEqualTo(straight.values());
        assertThat(straight.values()[0]).isNotEqualTo(new Problem().values()[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stateIsACopy(String name, Function<List<ParamGroup>, Optimizer> factory) {
        Problem p = new Problem();
        Optimizer opt = factory.apply(p.groups());
        p.computeGradients();
        opt.step();
        OptimizerState s = opt.state();
        Map<String, double[]> before = new LinkedHashMap<>();
        s.tensors().forEach((k, v) -> before.put(k, v.toDoubleArray()));
        p.computeGradients();
        opt.step();
        s.tensors().forEach((k, v) -> assertThat(v.toDoubleArray()).as(k).isEqualTo(before.get(k)));
        assertThat(s.metadata().get("param.0.step")).isEqualTo("1");
    }

    @Test
    void lbfgsResumesBitForBit() {
        for (boolean wolfe : new boolean[] {true, false}) {
            LbfgsConfig config = LbfgsConfig.defaults().withMaxIter(3).withHistorySize(4).withStrongWolfe(wolfe).withLr(wolfe ? 1 : 0.05);
            Problem straight = new Problem();
            Lbfgs a = Optimizers.lbfgs(List.of(straight.weight, straight.scale, straight.bias), config);
            for (int t = 0; t < 8; t++) {
                a.step(closure(straight));
            }
            Problem first = new Problem();
            Lbfgs b = Optimizers.lbfgs(List.of(first.weight, first.scale, first.bias), config);
            for (int t = 0; t < 4; t++) {
                b.step(closure(first));
            }
            OptimizerState saved = throughAFile(b.state());
            Problem resumed = new Problem();
            resumed.copyFrom(first);
            Lbfgs c = Optimizers.lbfgs(List.of(resumed.weight, resumed.scale, resumed.bias), config);
            c.load(saved);
            for (int t = 0; t < 4; t++) {
                c.step(closure(resumed));
            }
            assertThat(resumed.values()).as("strong wolfe %s", wolfe).isDeepEqualTo(straight.values());
            assertThat(saved.metadata().get("history")).isEqualTo("4");
        }
    }

    @Test
    void nesterovLookaheadResumesBitForBit() {
        MomentumConfig config = new MomentumConfig(0.01, 0.9);
        Problem straight = new Problem();
        NesterovLookahead a = Optimizers.nesterovLookahead(List.of(straight.weight, straight.scale, straight.bias), config);
        for (int t = 0; t < N; t++) {
            a.step(closure(straight));
        }
        Problem first = new Problem();
        NesterovLookahead b = Optimizers.nesterovLookahead(List.of(first.weight, first.scale, first.bias), config);
        for (int t = 0; t < N / 2; t++) {
            b.step(closure(first));
        }
        OptimizerState saved = throughAFile(b.state());
        Problem resumed = new Problem();
        resumed.copyFrom(first);
        NesterovLookahead c = Optimizers.nesterovLookahead(List.of(resumed.weight, resumed.scale, resumed.bias), config);
        c.load(saved);
        for (int t = 0; t < N / 2; t++) {
            c.step(closure(resumed));
        }
        assertThat(resumed.values()).isDeepEqualTo(straight.values());
    }

    /** A closure for the problem's gradient field, with the loss sum(w^4/8 - cos(3w)/3) whose gradient it is. */
    private static Closure closure(Problem p) {
        return () -> {
            p.computeGradients();
            double loss = 0;
            for (double[] values : p.values()) {
                for (double x : values) {
                    loss += x * x * x * x / 8 - Math.cos(3 * x) / 3;
                }
            }
            return loss;
        };
    }

    @Test
    void loadRefusesAStateOfAnotherOptimizer() {
        Problem p = new Problem();
        OptimizerState adam = Optimizers.adam(p.groups(), AdamConfig.defaults()).state();
        Optimizer sgd = Optimizers.sgd(p.groups(), SgdConfig.defaults());
        assertThatThrownBy(() -> sgd.load(adam)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("saved by 'adam', cannot be loaded into 'sgd'");
        OptimizerState amsgrad = Optimizers.adam(p.groups(), AdamConfig.defaults().withAmsgrad(true)).state();
        assertThatThrownBy(() -> Optimizers.adam(p.groups(), AdamConfig.defaults()).load(amsgrad))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("adamStep(0.9, 0.999, 1.0E-8, true)");
    }

    @Test
    void aMalformedStateChangesNothing() {
        Problem p = new Problem();
        ChainOptimizer adam = Optimizers.adam(p.groups(), AdamConfig.defaults());
        p.computeGradients();
        adam.step();
        OptimizerState good = adam.state();

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(good.tensors());
        wrongShape.put("param.2.adamStep.exp_avg", Tensor.zeros(DType.FLOAT32, 5));
        Optimizer fresh = Optimizers.adam(p.groups(), AdamConfig.defaults());
        OptimizerState before = fresh.state();
        assertThatThrownBy(() -> fresh.load(OptimizerState.of(wrongShape, good.metadata())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tensor 'param.2.adamStep.exp_avg'")
                .hasMessageContaining("float32 [5] does not match the expected float32 [4]");
        assertThat(fresh.state().metadata()).isEqualTo(before.metadata());

        Map<String, String> badStep = new LinkedHashMap<>(good.metadata());
        badStep.put("param.1.step", "two");
        assertThatThrownBy(() -> fresh.load(OptimizerState.of(good.tensors(), badStep)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'two' is not an integer");

        Map<String, Tensor> extra = new LinkedHashMap<>(good.tensors());
        extra.put("param.9.adamStep.exp_avg", Tensor.zeros(DType.FLOAT32, 4));
        assertThatThrownBy(() -> fresh.load(OptimizerState.of(extra, good.metadata())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not part of this optimizer's state");

        Map<String, Tensor> missing = new LinkedHashMap<>(good.tensors());
        missing.remove("param.0.adamStep.exp_avg_sq");
        assertThatThrownBy(() -> fresh.load(OptimizerState.of(missing, good.metadata())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("tensor 'param.0.adamStep.exp_avg_sq': missing");

        Map<String, Tensor> negative = new LinkedHashMap<>(good.tensors());
        Tensor v = negative.get("param.0.adamStep.exp_avg_sq").copy();
        v.setFlat(1, -1e-3);
        negative.put("param.0.adamStep.exp_avg_sq", v);
        assertThatThrownBy(() -> fresh.load(OptimizerState.of(negative, good.metadata())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tensor 'param.0.adamStep.exp_avg_sq', element 1").hasMessageContaining("0 or more");

        Map<String, String> noName = new LinkedHashMap<>(good.metadata());
        noName.remove("optimizer");
        assertThatThrownBy(() -> OptimizerState.of(good.tensors(), noName))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("entry 'optimizer'");
        assertThat(fresh.state().metadata()).isEqualTo(before.metadata());
    }

    @Test
    void loadRestoresTheGroupsLearningRates() {
        Problem p = new Problem();
        Optimizer a = Optimizers.sgd(p.groups(), SgdConfig.defaults());
        a.setLearningRateFactor(0.25);
        Optimizer b = Optimizers.sgd(new Problem().groups(), SgdConfig.defaults());
        b.load(throughAFile(a.state()));
        assertThat(b.groups().get(0).lr()).isEqualTo(0.0025);
        assertThat(b.groups().get(1).lr()).isEqualTo(0.003 * 0.25);
        assertThat(b.groups().get(1).baseLr()).isEqualTo(0.003);
    }
}
