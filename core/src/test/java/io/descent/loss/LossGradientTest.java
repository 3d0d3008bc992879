package io.descent.loss;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every loss's gradient with respect to the output against central finite differences in float64. */
class LossGradientTest {
    private static final double TOLERANCE = 1e-6;

    private static Tensor labels(long seed, int n, double negative) {
        Rng rng = new Rng(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextDouble() < 0.5 ? negative : 1;
        }
        return Tensor.of(y, n, 1);
    }

    private static void check(Loss loss, Tensor output, Tensor target) {
        assertThat(GradCheck.maxError(t -> loss.apply(t[0], target), output)).isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void squareLoss(Reduction r) {
        check(new SquareLoss(r), Tensor.randn(new Rng(1), DType.FLOAT64, 7, 3), Tensor.randn(new Rng(2), DType.FLOAT64, 7, 3));
        check(new SquareLoss(r), Tensor.randn(new Rng(1), DType.FLOAT64, 7, 1), Tensor.randn(new Rng(2), DType.FLOAT64, 7));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void logLossWithBothLabelConventions(Reduction r) {
        Tensor scores = Tensor.randn(new Rng(3), DType.FLOAT64, 9, 1).mul(3);
        check(new LogLoss(Labels.PLUS_MINUS_ONE, r), scores, labels(4, 9, -1));
        check(new LogLoss(Labels.ZERO_ONE, r), scores, labels(4, 9, 0));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void hingeLossAwayFromTheKink(Reduction r) {
        Tensor y = labels(5, 12, -1);
        Tensor scores = Tensor.randn(new Rng(6), DType.FLOAT64, 12, 1).mul(2);
        for (int i = 0; i < 12; i++) {
            double margin = y.getFlat(i) * scores.getFlat(i);
            if (Math.abs(margin - 1) < 0.05) {
                scores.setFlat(i, scores.getFlat(i) + 0.2);
            }
        }
        check(new HingeLoss(Labels.PLUS_MINUS_ONE, r), scores, y);
        check(new HingeLoss(Labels.ZERO_ONE, r), scores, y.add(1).div(2));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void crossEntropy(Reduction r) {
        Tensor logits = Tensor.randn(new Rng(7), DType.FLOAT64, 6, 4).mul(2);
        check(new CrossEntropyLoss(r), logits, Tensor.of(new double[] {0, 3, 1, 1, 2, 3}, 6));
        check(new CrossEntropyLoss(r), logits, Tensor.of(new float[] {2, 2, 0, 1, 3, 0}, 6, 1));
    }
}
