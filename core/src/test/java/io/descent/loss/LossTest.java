package io.descent.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Values by hand, stability at extreme scores, the subgradient at the kink, and the checks on targets. */
class LossTest {

    private static double[] gradient(Loss loss, Tensor out, Tensor target) {
        Tensor o = out.copy().requiresGrad(true);
        loss.apply(o, target).backward();
        return o.grad().toDoubleArray();
    }

    @Test
    void valuesByHand() {
        Tensor s = Tensor.of(new double[] {2, -1}, 2, 1);
        Tensor y = Tensor.of(new double[] {1, 1}, 2, 1);
        assertThat(new SquareLoss().apply(s, Tensor.of(new double[] {0, 1}, 2, 1)).item()).isEqualTo((4 + 4) / 2.0);
        assertThat(new SquareLoss(Reduction.SUM).apply(s, Tensor.of(new double[] {0, 1}, 2, 1)).item()).isEqualTo(8);
        assertThat(new LogLoss().apply(s, y).item())
                .isCloseTo((Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(1))) / 2, offset(1e-15));
        assertThat(new HingeLoss().apply(s, y).item()).isEqualTo((0 + 2) / 2.0);
        Tensor logits = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        double logZ = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        assertThat(new CrossEntropyLoss().apply(logits, Tensor.of(new double[] {0}, 1)).item())
                .isCloseTo(logZ - 1, offset(1e-15));
    }

    @Test
    void logLossIsStableForMarginsOf1000() {
        Tensor s = Tensor.of(new float[] {1000, -1000, 1000, -1000}, 4, 1);
        Tensor pm = Tensor.of(new float[] {1, -1, -1, 1}, 4, 1);
        LogLoss sum = new LogLoss(Labels.PLUS_MINUS_ONE, Reduction.SUM);
        assertThat(sum.apply(s, pm).item()).isEqualTo(2000);
        assertThat(gradient(sum, s, pm)).containsExactly(new double[] {0, 0, 1, -1}, offset(0.0));
        Tensor zo = Tensor.of(new float[] {1, 0, 0, 1}, 4, 1);
        assertThat(new LogLoss(Labels.ZERO_ONE, Reduction.SUM).apply(s, zo).item()).isEqualTo(2000);
        assertThat(gradient(new LogLoss(Labels.ZERO_ONE, Reduction.SUM), s, zo)).containsExactly(new double[] {0, 0, 1, -1}, offset(0.0));
    }

    @Test
    void crossEntropyIsStableForLogitsOf1000() {
        Tensor logits = Tensor.of(new float[] {1000, 0, -1000, -1000, 1000, 1000}, 2, 3);
        Tensor y = Tensor.of(new float[] {0, 2}, 2);
        CrossEntropyLoss ce = new CrossEntropyLoss(Reduction.SUM);
        assertThat(ce.apply(logits, y).item()).isCloseTo(Math.log(2), offset(1e-6));
        double[] g = gradient(ce, logits, y);
        assertThat(g).containsExactly(new double[] {0, 0, 0, 0, 0.5, -0.5}, offset(1e-7));
    }

    @Test
    void hingeSubgradientIsZeroAtTheKink() {
        Tensor s = Tensor.of(new double[] {1, -1, 0.5, 3}, 4, 1);
        Tensor y = Tensor.of(new double[] {1, -1, 1, -1}, 4, 1);
        assertThat(gradient(new HingeLoss(Labels.PLUS_MINUS_ONE, Reduction.SUM), s, y)).containsExactly(new double[] {0, 0, -1, 1}, offset(0.0));
    }

    @Test
    void meanDividesByTheNumberOfTerms() {
        Tensor logits = Tensor.zeros(DType.FLOAT64, 4, 5);
        Tensor y = Tensor.of(new double[] {0, 1, 2, 3}, 4);
        assertThat(new CrossEntropyLoss().apply(logits, y).item()).isCloseTo(Math.log(5), offset(1e-15));
        assertThat(new CrossEntropyLoss(Reduction.SUM).apply(logits, y).item()).isCloseTo(4 * Math.log(5), offset(1e-14));
        assertThat(new SquareLoss().apply(Tensor.ones(DType.FLOAT64, 2, 3), Tensor.zeros(DType.FLOAT64, 2, 3)).item())
                .isEqualTo(1);
    }

    @Test
    void targetsAreChecked() {
        Tensor s = Tensor.zeros(3, 1);
        assertThatThrownBy(() -> new LogLoss().apply(s, Tensor.of(new float[] {1, 0, -1}, 3, 1)))
                .hasMessageContaining("target element 1 is 0.0").hasMessageContaining("-1 or +1");
        assertThatThrownBy(() -> new LogLoss(Labels.ZERO_ONE, Reduction.MEAN).apply(s, Tensor.of(new float[] {1, 0, -1}, 3, 1)))
                .hasMessageContaining("0 or 1");
        assertThatThrownBy(() -> new SquareLoss().apply(Tensor.zeros(3, 2), Tensor.zeros(3)))
                .hasMessageContaining("output [3, 2] and target [3]");
        assertThatThrownBy(() -> new CrossEntropyLoss().apply(Tensor.zeros(2, 3), Tensor.of(new float[] {0, 3}, 2)))
                .hasMessageContaining("label 1 is 3.0").hasMessageContaining("0 to 2");
        assertThatThrownBy(() -> new CrossEntropyLoss().apply(Tensor.zeros(2, 3), Tensor.of(new float[] {0.5f, 1}, 2)))
                .hasMessageContaining("label 0 is 0.5");
        assertThatThrownBy(() -> new CrossEntropyLoss().apply(Tensor.zeros(2, 3), Tensor.zeros(3)))
                .hasMessageContaining("[N] (class indices)");
        assertThat(new SquareLoss().apply(Tensor.zeros(3), Tensor.zeros(3, 1)).item()).isZero();
    }

    @Test
    void theLossHasTheOutputsDtype() {
        assertThat(new SquareLoss().apply(Tensor.zeros(2), Tensor.zeros(DType.FLOAT64, 2)).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(new CrossEntropyLoss().apply(Tensor.zeros(DType.FLOAT64, 2, 2), Tensor.zeros(2)).dtype())
                .isEqualTo(DType.FLOAT64);
    }
}
