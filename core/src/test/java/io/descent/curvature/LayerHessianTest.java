package io.descent.curvature;

import static io.descent.curvature.HessianChecks.curved;
import static io.descent.curvature.HessianChecks.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.nn.BatchNorm;
import io.descent.nn.BatchNorm1d;
import io.descent.nn.BatchNorm2d;
import io.descent.nn.Conv2d;
import io.descent.nn.Dropout;
import io.descent.nn.ELU;
import io.descent.nn.Flatten;
import io.descent.nn.GELU;
import io.descent.nn.LeakyReLU;
import io.descent.nn.Linear;
import io.descent.nn.MaxPool2d;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.nn.ReLU;
import io.descent.nn.Sigmoid;
import io.descent.nn.Softplus;
import io.descent.nn.Tanh;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * H v by double backward against central differences of ordinary gradients (the layers' fused kernels), for
 * every layer of {@code io.descent.nn}: the layer's input is a parameter too, so the second derivatives in the
 * weights, in the input and across both are checked, and the layer's output y enters sum(y tanh y).
 */
class LayerHessianTest {

    /**
     * A layer and an input shape; {@code fresh}: a new layer for each forward pass (a Dropout with the same
     * seed, so the same mask every time: a fixed function to differentiate).
     */
    record Case(String name, Supplier<Module> layer, boolean fresh, int... input) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> layers() {
        DType f64 = DType.FLOAT64;
        return Stream.of(
                layer("Linear", () -> new Linear(4, 3, true, f64, new Rng(1)), 5, 4),
                layer("Linear without bias, 3-D input", () -> new Linear(4, 2, false, f64, new Rng(2)), 2, 3, 4),
                layer("Conv2d stride 2 padding 1", () -> new Conv2d(2, 3, 3, 2, 1, true, f64, new Rng(3)), 2, 2, 5, 5),
                layer("Conv2d 2x2 without bias", () -> new Conv2d(2, 2, 2, 1, 0, false, f64, new Rng(4)), 2, 2, 4, 4),
                layer("MaxPool2d 2", () -> new MaxPool2d(2), 2, 2, 4, 4),
                layer("MaxPool2d 2 stride 1", () -> new MaxPool2d(2, 1), 1, 2, 4, 4),
                layer("MaxPool2d 3 stride 2", () -> new MaxPool2d(3, 2), 1, 2, 5, 5),
                batchNorm("BatchNorm1d train", () -> new BatchNorm1d(3, f64), true, 6, 3),
                batchNorm("BatchNorm1d train [N, C, L]", () -> new BatchNorm1d(2, f64), true, 3, 2, 4),
                batchNorm("BatchNorm1d eval", () -> new BatchNorm1d(3, f64), false, 6, 3),
                batchNorm("BatchNorm2d train", () -> new BatchNorm2d(2, f64), true, 3, 2, 3, 3),
                batchNorm("BatchNorm2d eval", () -> new BatchNorm2d(2, f64), false, 3, 2, 3, 3),
                layer("ReLU", ReLU::new, 4, 5), layer("LeakyReLU", () -> new LeakyReLU(0.2), 4, 5),
                layer("ELU", () -> new ELU(0.5), 4, 5), layer("GELU", GELU::new, 4, 5),
                layer("Sigmoid", Sigmoid::new, 4, 5), layer("Tanh", Tanh::new, 4, 5),
                layer("Softplus", () -> new Softplus(2), 4, 5), layer("Flatten", Flatten::new, 2, 2, 2, 2),
                Arguments.of(new Case("Dropout, fixed mask", () -> new Dropout(0.4, new Rng(5)), true, 4, 5)));
    }

    private static Arguments layer(String name, Supplier<Module> m, int... input) {
        return Arguments.of(new Case(name, m, false, input));
    }

    /**
     * One layer for all passes, with gamma and beta away from 1 and 0; in eval mode after a training pass has
     * moved the running statistics away from 0 and 1.
     */
    private static Arguments batchNorm(String name, Supplier<BatchNorm> make, boolean training, int... input) {
        BatchNorm bn = make.get();
        Rng rng = new Rng(name.hashCode());
        try (var scope = GradMode.disabled()) {
            bn.weight().value().copyFrom(Tensor.uniform(rng, 0.5, 1.5, DType.FLOAT64, bn.weight().size()));
            bn.bias().value().copyFrom(Tensor.uniform(rng, -0.5, 0.5, DType.FLOAT64, bn.bias().size()));
            bn.forward(Tensor.uniform(rng, -1, 3, DType.FLOAT64, input));
        }
        bn.train(training);
        return Arguments.of(new Case(name, () -> bn, false, input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void hessianVectorProductsMatchFiniteDifferencesOfGradients(Case c) {
        Module layer = c.layer().get();
        Parameter x = param("x", new Rng(c.name().hashCode() + 1), -1.5, 1.5, c.input());
        List<Parameter> ps = new ArrayList<>(layer.parameters());
        ps.add(x);
        Supplier<Tensor> loss = () -> curved((c.fresh() ? c.layer().get() : layer).forward(x.value()));
        double error = HessianChecks.check(ps, loss, 13);
        assertThat(error).as(c.name()).isLessThan(HessianChecks.TOLERANCE);
    }
}
