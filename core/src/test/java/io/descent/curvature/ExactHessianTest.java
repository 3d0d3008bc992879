package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.loss.SquareLoss;
import io.descent.nn.Linear;
import io.descent.nn.Parameter;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What ExactHessian refuses, what it leaves alone, and that ordinary backward passes record nothing more. */
class ExactHessianTest {

    @Test
    void refusesFloat32ParametersSayingWhy() {
        Linear model = new Linear(2, 1, true, new Rng(1));
        assertThatThrownBy(() -> ExactHessian.of(model.parameters(), () -> model.forward(Tensor.ones(3, 2)).sum()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32")
                .hasMessageContaining("float64");
    }

    @Test
    void refusesVectorsOfTheWrongLength() {
        Parameter w = new Parameter("w", Tensor.of(new double[] {1, 2}, 2));
        HessianOperator h = ExactHessian.of(List.of(w), () -> w.value().pow(3).sum());
        assertThat(h.dimension()).isEqualTo(2);
        assertThatThrownBy(() -> h.apply(new double[3], new double[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 3");
    }

    @Test
    void cubicHasHessianSixWAndLeavesTheParametersGradientsAlone() {
        Parameter w = new Parameter("w", Tensor.of(new double[] {1, -2}, 2));
        w.value().setGrad(Tensor.of(new double[] {7, 8}, 2));
        HessianOperator h = ExactHessian.of(List.of(w), () -> w.value().pow(3).sum());   // H = diag(6 w)
        assertThat(HessianChecks.product(h, new double[] {1, 1})).containsExactly(6, -12);
        assertThat(w.grad().toDoubleArray()).containsExactly(7, 8);
    }

    @Test
    void aLossLinearInTheParametersHasZeroHessian() {
        Parameter w = new Parameter("w", Tensor.of(new double[] {1, -2}, 2));
        HessianOperator h = ExactHessian.of(List.of(w), () -> w.value().mul(3).sum());
        double[] out = {5, 5};
        h.apply(new double[] {1, 2}, out);
        assertThat(out).containsExactly(0, 0);
    }

    @Test
    void anOpWhoseBackwardIsAKernelFailsTheProductNamingIt() {
        Parameter w = new Parameter("w", Tensor.of(new double[] {1, -2}, 2));
        // a custom op recorded with Tensor.record: its rule is not declared twice differentiable
        HessianOperator h = ExactHessian.of(List.of(w), () -> Tensor.record("myCube",
                w.value().pow(3).detach(), g -> new Tensor[] {g.mul(w.value().pow(2).mul(3))}, w.value()).sum());
        assertThatThrownBy(() -> HessianChecks.product(h, new double[] {1, 1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("double backward through myCube");
    }

    @Test
    void ordinaryBackwardRecordsNothingAndDoubleBackwardRecordsTheGradient() {
        Linear model = new Linear(3, 2, true, DType.FLOAT64, new Rng(2));
        Tensor x = Tensor.randn(new Rng(3), DType.FLOAT64, 4, 3);
        Tensor y = Tensor.randn(new Rng(4), DType.FLOAT64, 4, 2);
        new SquareLoss().apply(model.forward(x), y).backward();
        assertThat(model.weight().grad().requiresGrad()).isFalse();
        Tensor[] g = DoubleBackward.gradients(new SquareLoss().apply(model.forward(x), y),
                List.of(model.weight().value(), model.bias().value()), true);
        assertThat(g[0].requiresGrad()).isTrue();
        assertThat(g[0].toDoubleArray()).containsExactly(model.weight().grad().toDoubleArray(),
                org.assertj.core.data.Offset.offset(1e-12));
    }
}
