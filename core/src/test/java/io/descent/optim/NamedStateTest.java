package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.descent.InvalidInputException;
import io.descent.autograd.GradMode;
import io.descent.nn.Parameter;
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
 * A state saved over named parameters refers to each by its name: it loads into an optimizer given the
 * same parameters in another order, each parameter taking its own moments, and it is refused by one whose
 * names or shapes differ (issue 17: by position, two same-shape parameters swapped took each other's).
 */
class NamedStateTest {
    static final int N = 10;

    /** Two parameters of the same shape with different values, so that their moments differ. */
    static final class Pair {
        final Parameter a = new Parameter("a", Tensor.of(new float[] {0.3f, -1.2f, 0.8f}, 3));
        final Parameter b = new Parameter("b", Tensor.of(new float[] {2.0f, -0.4f, 1.1f}, 3));

        Map<String, Parameter> inOrder(String... names) {
            Map<String, Parameter> out = new LinkedHashMap<>();
            for (String n : names) {
                out.put(n, n.equals("a") ? a : b);
            }
            return out;
        }

        /** g = sin(3 w) + w^3 / 2: the path depends on all of a parameter's state. */
        void computeGradients() {
            for (Parameter p : List.of(a, b)) {
                Tensor w = p.value();
                Tensor g = Tensor.zeros(w.dtype(), w.shape());
                for (int i = 0; i < w.size(); i++) {
                    double x = w.getFlat(i);
                    g.setFlat(i, Math.sin(3 * x) + x * x * x / 2);
                }
                w.setGrad(g);
            }
        }

        Pair copy() {
            Pair out = new Pair();
            try (var s = GradMode.disabled()) {
                out.a.value().copyFrom(a.value());
                out.b.value().copyFrom(b.value());
            }
            return out;
        }

        double[][] values() {
            return new double[][] {a.value().toDoubleArray(), b.value().toDoubleArray()};
        }
    }

    static Stream<Arguments> optimizers() {
        Map<String, Function<Map<String, Parameter>, Optimizer>> m = new LinkedHashMap<>();
        m.put("sgd momentum", p -> Optimizers.sgd(p, SgdConfig.defaults().withLr(0.05).withMomentum(0.9)));
        m.put("heavy ball", p -> Optimizers.heavyBall(p, new MomentumConfig(0.05, 0.9)));
        m.put("adagrad", p -> Optimizers.adagrad(p, AdagradConfig.defaults()));
        m.put("rmsprop", p -> Optimizers.rmsprop(p, RmspropConfig.defaults()));
        m.put("adadelta", p -> Optimizers.adadelta(p, AdadeltaConfig.defaults()));
        m.put("adam", p -> Optimizers.adam(p, AdamConfig.defaults().withLr(0.05)));
        m.put("adamw", p -> Optimizers.adamw(p, AdamConfig.adamwDefaults().withLr(0.05)));
        m.put("nadam", p -> Optimizers.nadam(p, NadamConfig.defaults()));
        m.put("adamax", p -> Optimizers.adamax(p, AdamaxConfig.defaults()));
        m.put("radam", p -> Optimizers.radam(p, RadamConfig.defaults()));
        m.put("lion", p -> Optimizers.lion(p, LionConfig.defaults()));
        m.put("lamb", p -> Optimizers.lamb(p, LambConfig.defaults()));
        m.put("lars", p -> Optimizers.lars(p, LarsConfig.defaults()));
        return m.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    private static void steps(Optimizer opt, Pair p, int n) {
        for (int t = 0; t < n; t++) {
            p.computeGradients();
            opt.step();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aStateLoadsIntoTheSameNamesInAnotherOrder(String name, Function<Map<String, Parameter>, Optimizer> factory) {
        Pair original = new Pair();
        Optimizer ab = factory.apply(original.inOrder("a", "b"));
        steps(ab, original, N / 2);
        OptimizerState saved = SaveResumeTest.throughAFile(ab.state());
        Pair resumed = original.copy();
        steps(ab, original, N / 2);

        Optimizer ba = factory.apply(resumed.inOrder("b", "a"));
        ba.load(saved);
        steps(ba, resumed, N / 2);

        assertThat(resumed.values()).isDeepEqualTo(original.values());
    }

    /** What the names prevent: by position, the same swap gives each parameter the other's moments. */
    @Test
    void byPositionTheSameSwapTakesTheOthersMoments() {
        Pair original = new Pair();
        Optimizer ab = Optimizers.adam(List.of(original.a, original.b), AdamConfig.defaults().withLr(0.05));
        steps(ab, original, N / 2);
        OptimizerState saved = ab.state();
        Pair resumed = original.copy();
        steps(ab, original, N / 2);

        Optimizer ba = Optimizers.adam(List.of(resumed.b, resumed.a), AdamConfig.defaults().withLr(0.05));
        ba.load(saved);
        steps(ba, resumed, N / 2);

        assertThat(resumed.values()[0]).isNotEqualTo(original.values()[0]);
    }

    @Test
    void theStateIsKeyedByTheNamesDotsIncluded() {
        Parameter w = new Parameter("weight", Tensor.zeros(2, 3));
        Parameter v = new Parameter("weight", Tensor.zeros(3));
        Map<String, Parameter> named = new LinkedHashMap<>();
        named.put("0.weight", w);
        named.put("2.0.weight", v);
        OptimizerState s = Optimizers.adam(named, AdamConfig.defaults()).state();
        assertThat(s.tensors()).containsOnlyKeys("param.0.weight.adamStep.exp_avg", "param.0.weight.adamStep.exp_avg_sq",
                "param.2.0.weight.adamStep.exp_avg", "param.2.0.weight.adamStep.exp_avg_sq");
        assertThat(s.metadata()).containsEntry("param.0.weight.step", "0").containsEntry("param.2.0.weight.step", "0");
        Optimizers.adam(named, AdamConfig.defaults()).load(s);
    }

    @Test
    void aRenamedParameterIsRefusedAndNothingChanges() {
        Pair p = new Pair();
        Optimizer ab = Optimizers.adam(p.inOrder("a", "b"), AdamConfig.defaults());
        steps(ab, p, 2);
        OptimizerState saved = ab.state();

        Map<String, Parameter> renamed = new LinkedHashMap<>();
        renamed.put("a", p.a);
        renamed.put("c", p.b);
        Optimizer ac = Optimizers.adam(renamed, AdamConfig.defaults());
        OptimizerState before = ac.state();
        assertThatThrownBy(() -> ac.load(saved)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("parameter names")
                .hasMessageContaining("holds parameters ['b'] that this optimizer does not have")
                .hasMessageContaining("lacks this optimizer's parameters ['c']")
                .hasMessageContaining("expected the parameters ['a', 'c']");
        assertThat(ac.state().metadata()).isEqualTo(before.metadata());
    }

    @Test
    void aStateWithAnotherSetOfNamesIsRefused() {
        Pair p = new Pair();
        OptimizerState ab = Optimizers.sgd(p.inOrder("a", "b"), SgdConfig.defaults()).state();
        assertThatThrownBy(() -> Optimizers.sgd(p.inOrder("a"), SgdConfig.defaults()).load(ab))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds parameters ['b'] that this optimizer does not have")
                .hasMessageNotContaining("lacks");
        OptimizerState a = Optimizers.sgd(p.inOrder("a"), SgdConfig.defaults()).state();
        assertThatThrownBy(() -> Optimizers.sgd(p.inOrder("b", "a"), SgdConfig.defaults()).load(a))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lacks this optimizer's parameters ['b']")
                .hasMessageContaining("expected the parameters ['b', 'a']");
        OptimizerState positional = Optimizers.sgd(List.of(p.a, p.b), SgdConfig.defaults()).state();
        assertThatThrownBy(() -> Optimizers.sgd(p.inOrder("a", "b"), SgdConfig.defaults()).load(positional))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("['0', '1']");
    }

    @Test
    void aShapeMismatchIsRefusedNamingTheParameter() {
        Pair p = new Pair();
        OptimizerState saved = Optimizers.adam(p.inOrder("a", "b"), AdamConfig.defaults()).state();
        Map<String, Parameter> other = p.inOrder("a");
        other.put("b", new Parameter("b", Tensor.zeros(4)));
        assertThatThrownBy(() -> Optimizers.adam(other, AdamConfig.defaults()).load(saved))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tensor 'param.b.adamStep.exp_avg'")
                .hasMessageContaining("float32 [3] does not match the expected float32 [4]");
    }

    @Test
    void groupsAreNamedAllOrNoneAndNamesAreUnique() {
        Pair p = new Pair();
        assertThatThrownBy(() -> Optimizers.sgd(List.of(ParamGroup.of(p.inOrder("a")), ParamGroup.of(List.of(p.b))),
                SgdConfig.defaults())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names or none");
        Map<String, Parameter> other = Map.of("a", new Parameter("x", Tensor.zeros(3)));
        assertThatThrownBy(() -> Optimizers.sgd(List.of(ParamGroup.of(p.inOrder("a")), ParamGroup.of(other)),
                SgdConfig.defaults())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter name 'a' appears more than once");
    }

    @Test
    void namedGroupsKeepTheirOwnSettingsAcrossAReorder() {
        Pair original = new Pair();
        Function<Pair, List<ParamGroup>> groups = q -> List.of(ParamGroup.of(q.inOrder("a")).withLr(0.01),
                ParamGroup.of(q.inOrder("b")));
        Optimizer first = Optimizers.adam(groups.apply(original), AdamConfig.defaults().withLr(0.05));
        steps(first, original, N / 2);
        OptimizerState saved = first.state();
        Pair resumed = original.copy();
        steps(first, original, N / 2);
        Optimizer again = Optimizers.adam(groups.apply(resumed), AdamConfig.defaults().withLr(0.05));
        again.load(saved);
        steps(again, resumed, N / 2);
        assertThat(resumed.values()).isDeepEqualTo(original.values());
    }

    @Test
    void nesterovLookaheadLoadsByName() {
        Pair original = new Pair();
        MomentumConfig c = new MomentumConfig(0.05, 0.9);
        NesterovLookahead ab = Optimizers.nesterovLookahead(original.inOrder("a", "b"), c);
        closureSteps(ab, original, N / 2);
        OptimizerState saved = SaveResumeTest.throughAFile(ab.state());
        assertThat(saved.tensors()).containsOnlyKeys("param.a.previous", "param.b.previous");
        Pair resumed = original.copy();
        closureSteps(ab, original, N / 2);

        NesterovLookahead ba = Optimizers.nesterovLookahead(resumed.inOrder("b", "a"), c);
        ba.load(saved);
        closureSteps(ba, resumed, N / 2);
        assertThat(resumed.values()).isDeepEqualTo(original.values());

        assertThatThrownBy(() -> Optimizers.nesterovLookahead(resumed.inOrder("a"), c).load(saved))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("['b']");
    }

    private static void closureSteps(ClosureOptimizer opt, Pair p, int n) {
        for (int t = 0; t < n; t++) {
            opt.step(() -> {
                p.computeGradients();
                return 0;
            });
        }
    }

    /** Two float64 parameters of one shape under f = sum c_i (w_i - 1)^2 + w_0 w_1 / 4, the c_i all different. */
    static final class Quadratic {
        final Parameter a = new Parameter("a", Tensor.of(new double[] {0.3, -1.2, 0.8}, 3));
        final Parameter b = new Parameter("b", Tensor.of(new double[] {2.0, -0.4, 1.1}, 3));

        Map<String, Parameter> inOrder(String... names) {
            Map<String, Parameter> out = new LinkedHashMap<>();
            for (String n : names) {
                out.put(n, n.equals("a") ? a : b);
            }
            return out;
        }

        double evaluate() {
            double loss = 0;
            double[][] w = {a.value().toDoubleArray(), b.value().toDoubleArray()};
            for (int p = 0; p < 2; p++) {
                Tensor g = Tensor.zeros(io.descent.tensor.DType.FLOAT64, 3);
                for (int i = 0; i < 3; i++) {
                    double c = 1 + p * 3 + i;
                    loss += c * (w[p][i] - 1) * (w[p][i] - 1) + (i == 0 ? w[0][0] * w[1][0] / 8 : 0);
                    g.setFlat(i, 2 * c * (w[p][i] - 1) + (i == 0 ? w[1 - p][0] / 8 : 0));
                }
                (p == 0 ? a : b).value().setGrad(g);
            }
            return loss;
        }

        Quadratic copy() {
            Quadratic out = new Quadratic();
            try (var s = GradMode.disabled()) {
                out.a.value().copyFrom(a.value());
                out.b.value().copyFrom(b.value());
            }
            return out;
        }

        double[] values() {
            double[] out = new double[6];
            System.arraycopy(a.value().toDoubleArray(), 0, out, 0, 3);
            System.arraycopy(b.value().toDoubleArray(), 0, out, 3, 3);
            return out;
        }
    }

    @Test
    void lbfgsMovesEachParametersPartOfItsHistory() {
        LbfgsConfig c = LbfgsConfig.defaults().withLr(0.05).withMaxIter(2).withHistorySize(4);
        Quadratic original = new Quadratic();
        Lbfgs ab = Optimizers.lbfgs(original.inOrder("a", "b"), c);
        for (int t = 0; t < 3; t++) {
            ab.step(original::evaluate);
        }
        OptimizerState saved = SaveResumeTest.throughAFile(ab.state());
        assertThat(saved.metadata()).containsEntry("param.a.offset", "0").containsEntry("param.b.offset", "3")
                .containsEntry("param.b.shape", "[3]");
        Quadratic resumed = original.copy();
        ab.step(original::evaluate);

        Lbfgs ba = Optimizers.lbfgs(resumed.inOrder("b", "a"), c);
        ba.load(saved);
        ba.step(resumed::evaluate);
        // The dot products add the parts in another order: equal to rounding, not to the last bit.
        double[] expected = original.values();
        double[] actual = resumed.values();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element " + i).isCloseTo(expected[i], within(1e-12));
        }

        assertThatThrownBy(() -> Optimizers.lbfgs(resumed.inOrder("b", "a"), c)
                .load(Optimizers.lbfgs(List.of(resumed.a, resumed.b), c).state()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("['0', '1']");
    }

    @Test
    void lbfgsRefusesAnotherShapeOrOverlappingParts() {
        LbfgsConfig c = LbfgsConfig.defaults();
        Quadratic q = new Quadratic();
        OptimizerState saved = Optimizers.lbfgs(q.inOrder("a", "b"), c).state();
        Map<String, Parameter> reshaped = q.inOrder("a");
        reshaped.put("b", new Parameter("b", Tensor.zeros(io.descent.tensor.DType.FLOAT64, 1, 3)));
        assertThatThrownBy(() -> Optimizers.lbfgs(reshaped, c).load(saved)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entry 'param.b.shape'").hasMessageContaining("saved with shape [3]")
                .hasMessageContaining("'b' has [1, 3]");

        Map<String, String> overlapping = new LinkedHashMap<>(saved.metadata());
        overlapping.put("param.b.offset", "2");
        assertThatThrownBy(() -> Optimizers.lbfgs(q.inOrder("a", "b"), c)
                .load(OptimizerState.of(saved.tensors(), overlapping))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("entry 'param.b.offset'");
    }
}
