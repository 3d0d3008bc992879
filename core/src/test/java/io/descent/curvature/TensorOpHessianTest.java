package io.descent.curvature;

import static io.descent.curvature.HessianChecks.curved;
import static io.descent.curvature.HessianChecks.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.nn.Parameter;
import io.descent.tensor.Gather;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H v by double backward against central differences of ordinary gradients, for every differentiable op of
 * {@link Tensor}: each op's result y enters sum(y tanh y), so the gradient reaching the op depends on the
 * parameters and its backward rule must itself be differentiated. Inputs keep away from kinks (relu, abs,
 * max, min at their thresholds) and from ties (max over an axis). The gradient itself is checked against
 * differences of the loss first ({@link HessianChecks#assertDirectionalDerivative}).
 */
class TensorOpHessianTest {

    /** An op of two float64 parameters a [3, 4] (values in [-1.5, 1.5)) and b (shape and range per case). */
    record Case(String name, int[] bShape, double lo, double hi, BiFunction<Tensor, Tensor, Tensor> op) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> ops() {
        return Stream.of(
                unary("add scalar", a -> a.add(0.5)), unary("mul scalar", a -> a.mul(-1.7)),
                unary("div scalar", a -> a.div(3)), unary("rsub", a -> a.rsub(2)), unary("neg", Tensor::neg),
                unary("pow 3", a -> a.pow(3)), positive("pow -0.5", a -> a.pow(-0.5)), unary("exp", Tensor::exp),
                positive("log", Tensor::log), positive("sqrt", Tensor::sqrt), unary("abs", Tensor::abs),
                unary("max scalar", a -> a.max(0.1)), unary("min scalar", a -> a.min(0.1)),
                unary("relu", Tensor::relu), unary("sigmoid", Tensor::sigmoid), unary("tanh", Tensor::tanh),
                unary("sum", a -> a.sum().mul(a)), unary("sum axis 1 kept", a -> a.sum(1, true).mul(a)),
                unary("sum axis 0", a -> a.sum(0, false)), unary("mean", a -> a.mean(1, false)),
                unary("max axis 1", a -> a.max(1, false)), unary("softmax 1", a -> a.softmax(1)),
                unary("softmax 0", a -> a.softmax(0)), unary("logSoftmax 1", a -> a.logSoftmax(1)),
                unary("reshape", a -> a.reshape(2, 6).mul(a.reshape(2, 6))), unary("transpose", Tensor::transpose),
                unary("sliceRows", a -> a.sliceRows(1, 3)),
                unary("gather", a -> Gather.of(a, new int[] {3, -1, 0, 11, 3, 7}, 2, 3)),
                unary("scatterAdd", a -> Gather.scatterAdd(a, new int[] {0, 6, -1, 2, 2, 5, 1, 0, 4, 3, 6, -1}, 7)),
                unary("flattenFrom1", a -> a.reshape(3, 2, 2).flattenFrom1()),
                binary("add broadcast", new int[] {4}, -1.5, 1.5, Tensor::add),
                binary("sub broadcast", new int[] {3, 1}, -1.5, 1.5, Tensor::sub),
                binary("mul broadcast", new int[] {4}, -1.5, 1.5, Tensor::mul),
                binary("mul", new int[] {3, 4}, -1.5, 1.5, Tensor::mul),
                binary("div broadcast", new int[] {3, 1}, 0.5, 2, Tensor::div),
                binary("div", new int[] {3, 4}, 0.5, 2, Tensor::div),
                binary("matmul", new int[] {4, 2}, -1, 1, (a, b) -> a.matmul(b)),
                binary("matmul a^T", new int[] {3, 2}, -1, 1, (a, b) -> a.matmul(b, true, false)),
                binary("matmul b^T", new int[] {2, 4}, -1, 1, (a, b) -> a.matmul(b, false, true)),
                binary("matmul a^T b^T", new int[] {2, 3}, -1, 1, (a, b) -> a.matmul(b, true, true)),
                binary("concat", new int[] {3, 2}, -1, 1, (a, b) -> Tensor.concat(1, a, b).mul(Tensor.concat(1, b, a))));
    }

    private static Arguments unary(String name, java.util.function.Function<Tensor, Tensor> op) {
        return Arguments.of(new Case(name, new int[] {1}, -1, 1, (a, b) -> op.apply(a).mul(b)));
    }

    private static Arguments positive(String name, java.util.function.Function<Tensor, Tensor> op) {
        return Arguments.of(new Case(name, new int[] {1}, -1, 1, (a, b) -> op.apply(a.mul(a).add(0.5)).mul(b)));
    }

    private static Arguments binary(String name, int[] bShape, double lo, double hi,
            BiFunction<Tensor, Tensor, Tensor> op) {
        return Arguments.of(new Case(name, bShape, lo, hi, op));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void hessianVectorProductsMatchFiniteDifferencesOfGradients(Case c) {
        Rng rng = new Rng(c.name().hashCode());
        Parameter a = param("a", rng, -1.5, 1.5, 3, 4);
        Parameter b = param("b", rng, c.lo(), c.hi(), c.bShape());
        List<Parameter> ps = List.of(a, b);
        double error = HessianChecks.check(ps, () -> curved(c.op().apply(a.value(), b.value())), 11);
        assertThat(error).as(c.name()).isLessThan(HessianChecks.TOLERANCE);
    }
}
