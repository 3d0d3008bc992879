package io.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.descent.nn.Parameter;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void theGlobalNormSpansEveryParameter() {
        Parameter a = new Parameter("a", Tensor.of(new double[] {3, 0}, 2));
        Parameter b = new Parameter("b", Tensor.of(new float[] {0, 4}, 2));
        Parameter none = new Parameter("none", Tensor.of(new double[] {1}, 1));
        a.value().setGrad(Tensor.of(new double[] {3, 0}, 2));
        b.value().setGrad(Tensor.of(new float[] {0, 4}, 2));
        double norm = GradientClipping.byGlobalNorm(1).clipGradients(List.of(a, b, none));
        assertThat(norm).isEqualTo(5);
        double c = 1 / (5 + 1e-6);
        assertThat(a.grad().toDoubleArray()).containsExactly(3 * c, 0);
        assertThat(b.grad().getFlat(1)).isCloseTo(4 * c, within(1e-6));
        assertThat(none.grad()).isNull();
    }

    @Test
    void gradientsBelowTheNormAreLeftAlone() {
        Parameter a = new Parameter("a", Tensor.of(new double[] {0, 0}, 2));
        a.value().setGrad(Tensor.of(new double[] {0.3, 0.4}, 2));
        assertThat(GradientClipping.byGlobalNorm(1).clipGradients(List.of(a))).isCloseTo(0.5, within(1e-16));
        assertThat(a.grad().toDoubleArray()).containsExactly(0.3, 0.4);
    }

    @Test
    void clippingByValueClampsEachComponent() {
        Parameter a = new Parameter("a", Tensor.of(new double[] {0, 0, 0}, 3));
        a.value().setGrad(Tensor.of(new double[] {-7, 0.2, 9}, 3));
        GradientClipping.byValue(1).clipGradients(List.of(a));
        assertThat(a.grad().toDoubleArray()).containsExactly(-1, 0.2, 1);
    }

    @Test
    void aNonFiniteNormIsNotHidden() {
        Parameter a = new Parameter("a", Tensor.of(new double[] {0, 0}, 2));
        a.value().setGrad(Tensor.of(new double[] {Double.NaN, 1}, 2));
        assertThat(GradientClipping.byGlobalNorm(1).clipGradients(List.of(a))).isNaN();
        assertThat(a.grad().getFlat(1)).isNaN();
    }

    @Test
    void theOptimizerClipsItsCopyAndLeavesTheGradientAlone() {
        Parameter a = new Parameter("a", Tensor.of(new double[] {0}, 1));
        a.value().setGrad(Tensor.of(new double[] {10}, 1));
        Optimizers.sgd(List.of(a), SgdConfig.defaults().withLr(1)).clipGradients(GradientClipping.byValue(2)).step();
        assertThat(a.value().getFlat(0)).isEqualTo(-2);
        assertThat(a.grad().getFlat(0)).isEqualTo(10);
    }
}
