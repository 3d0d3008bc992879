package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.tensor.DType;
import io.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The NaN guard's test of a tensor, eight elements at a time plus the tail: every position, both types. */
class FiniteCheckTest {

    @Test
    void findsANanOrAnInfinityAtEveryPositionAndPassesFiniteValues() {
        for (DType dtype : DType.values()) {
            for (int n = 0; n <= 19; n++) {
                Tensor t = Tensor.zeros(dtype, n + 3);
                for (int i = 0; i < t.size(); i++) {
                    t.setFlat(i, i % 2 == 0 ? 1e30 * i : -0.5 * i);
                }
                assertThat(TrainingRun.allFinite(t)).as("%s %d finite", dtype, n).isTrue();
                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    for (int at = 0; at < t.size(); at++) {
                        double keep = t.getFlat(at);
                        t.setFlat(at, bad);
                        assertThat(TrainingRun.allFinite(t)).as("%s %s at %d of %d", dtype, bad, at, t.size())
                                .isFalse();
                        t.setFlat(at, keep);
                    }
                }
            }
        }
    }
}
