package io.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** BatchNorm's statistics: what training normalizes with, what it remembers, what evaluation uses. */
class BatchNormTest {

    @Test
    void trainingNormalizesEachChannelToMeanZeroAndVarianceOne() {
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 8, 3, 4, 5).mul(4).add(7);
        double[] y = new BatchNorm2d(3, DType.FLOAT64).forward(x).toDoubleArray();
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double sq = 0;
            for (int n = 0; n < 8; n++) {
                for (int s = 0; s < 20; s++) {
                    double v = y[(n * 3 + c) * 20 + s];
                    sum += v;
                    sq += v * v;
                }
            }
            assertThat(sum / 160).isCloseTo(0, offset(1e-12));
            assertThat(sq / 160).isCloseTo(1, offset(1e-5)); // eps 1e-5 shrinks it a little
        }
    }

    @Test
    void runningStatisticsFollowTheMomentumRuleWithTheUnbiasedVariance() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5, 0.25, true, DType.FLOAT64);
        double[] batch = {1, 2, 3, 6};
        double mean = 3;
        double unbiased = (4 + 1 + 0 + 9) / 3.0;
        bn.forward(Tensor.of(batch, 4, 1));
        assertThat(bn.runningMean().getFlat(0)).isCloseTo(0.25 * mean, offset(1e-15));
        assertThat(bn.runningVar().getFlat(0)).isCloseTo(0.75 + 0.25 * unbiased, offset(1e-15));
        bn.forward(Tensor.of(batch, 4, 1));
        assertThat(bn.runningMean().getFlat(0)).isCloseTo(0.75 * 0.25 * mean + 0.25 * mean, offset(1e-15));
        assertThat(bn.batchesTracked()).isEqualTo(2);
        try (var scope = GradMode.disabled()) {
            bn.forward(Tensor.of(batch, 4, 1)); // statistics update in training mode even without gradients
        }
        assertThat(bn.batchesTracked()).isEqualTo(3);
    }

    @Test
    void evaluationUsesTheRunningStatisticsAndChangesNothing() {
        BatchNorm1d bn = new BatchNorm1d(2, DType.FLOAT64);
        Fixtures.set(bn.runningMean(), Fixtures.load("batchnorm.json").get("cases").get(2).get("running_mean"));
        double m0 = bn.runningMean().getFlat(0);
        double v0 = bn.runningVar().getFlat(0);
        bn.eval();
        Tensor y = bn.forward(Tensor.of(new double[] {5, 5}, 1, 2)); // one sample is fine in evaluation
        assertThat(y.getFlat(0)).isCloseTo((5 - m0) / Math.sqrt(v0 + 1e-5), offset(1e-12));
        assertThat(bn.runningMean().getFlat(0)).isEqualTo(m0);
        assertThat(bn.batchesTracked()).isZero();
    }

    @Test
    void withoutAffineThereAreNoParametersButStillBuffers() {
        BatchNorm2d bn = new BatchNorm2d(4, 1e-5, 0.1, false, DType.FLOAT32);
        assertThat(bn.parameters()).isEmpty();
        assertThat(bn.stateDict().keySet()).containsExactly("running_mean", "running_var", "num_batches_tracked");
    }

    @Test
    void trainingRefusesOneValuePerChannelAndWrongShapes() {
        BatchNorm1d bn = new BatchNorm1d(3);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(1, 3))).hasMessageContaining("more than one value per channel");
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(4, 2))).hasMessageContaining("2 channels, not 3");
        assertThatThrownBy(() -> new BatchNorm2d(3).forward(Tensor.zeros(4, 3))).hasMessageContaining("[N, C, H, W]");
        assertThatThrownBy(() -> new BatchNorm1d(3, 1e-5, 1.5, true, DType.FLOAT32)).hasMessageContaining("momentum");
    }
}
