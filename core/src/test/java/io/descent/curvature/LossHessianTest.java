package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.loss.CrossEntropyLoss;
import io.descent.loss.HingeLoss;
import io.descent.loss.Labels;
import io.descent.loss.LogLoss;
import io.descent.loss.Loss;
import io.descent.loss.Reduction;
import io.descent.loss.SquareLoss;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Sequential;
import io.descent.nn.Tanh;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H v by double backward against central differences of ordinary gradients, for every loss of
 * {@code io.descent.loss} with each reduction, on a network Linear - tanh - Linear so that the loss's
 * curvature and the network's meet. The hinge loss is checked away from its kink (margins not at 1).
 */
class LossHessianTest {

    record Case(String name, Loss loss, int outputs, Tensor target) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> losses() {
        Tensor real = Tensor.uniform(new Rng(1), -1, 1, DType.FLOAT64, 6, 1);
        Tensor signs = Tensor.of(new double[] {1, -1, -1, 1, 1, -1}, 6);
        Tensor bits = Tensor.of(new double[] {1, 0, 0, 1, 1, 0}, 6, 1);
        Tensor classes = Tensor.of(new double[] {0, 2, 1, 1, 0, 2}, 6);
        return Stream.of(
                Arguments.of(new Case("square, mean", new SquareLoss(), 1, real)),
                Arguments.of(new Case("square, sum", new SquareLoss(Reduction.SUM), 1, real)),
                Arguments.of(new Case("log, -1/+1", new LogLoss(), 1, signs)),
                Arguments.of(new Case("log, 0/1, sum", new LogLoss(Labels.ZERO_ONE, Reduction.SUM), 1, bits)),
                Arguments.of(new Case("hinge", new HingeLoss(), 1, signs)),
                Arguments.of(new Case("hinge, 0/1, sum", new HingeLoss(Labels.ZERO_ONE, Reduction.SUM), 1, bits)),
                Arguments.of(new Case("cross-entropy, mean", new CrossEntropyLoss(), 3, classes)),
                Arguments.of(new Case("cross-entropy, sum", new CrossEntropyLoss(Reduction.SUM), 3, classes)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void hessianVectorProductsMatchFiniteDifferencesOfGradients(Case c) {
        Rng rng = new Rng(c.name().hashCode());
        Module net = new Sequential(new Linear(3, 4, true, DType.FLOAT64, rng), new Tanh(),
                new Linear(4, c.outputs(), true, DType.FLOAT64, rng));
        Tensor x = Tensor.uniform(rng, -2, 2, DType.FLOAT64, 6, 3);
        double error = HessianChecks.check(net.parameters(), () -> c.loss().apply(net.forward(x), c.target()), 17);
        assertThat(error).as(c.name()).isLessThan(HessianChecks.TOLERANCE);
    }
}
