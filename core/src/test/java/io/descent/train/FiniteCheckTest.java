package io.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.autograd.GradMode;
import io.descent.data.CsrMatrix;
import io.descent.nn.Linear;
import io.descent.tensor.DType;
import io.descent.tensor.GradientSupport;
import io.descent.tensor.Rng;
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

    /**
     * The check of the support's columns only (after a sparse layer's step), eight columns at a time for a one-row
     * weight plus the tail, every row for more: finds a NaN or infinity in every listed element, ignores the others.
     */
    @Test
    void theSupportCheckFindsANanOrAnInfinityInEveryListedElementAndOnlyThere() {
        for (DType dtype : DType.values()) {
            for (int out : new int[] {1, 3}) {
                for (int listed = 1; listed <= 19; listed++) {
                    Linear layer = new Linear(40, out, false, dtype, new Rng(1));
                    int[] cols = new int[listed];
                    float[] vals = new float[listed];
                    for (int k = 0; k < listed; k++) {
                        cols[k] = (7 * k + 3) % 40;          // distinct, not in increasing order
                        vals[k] = 1;
                    }
                    CsrMatrix x = new CsrMatrix(1, 40, new int[] {0, listed}, cols, vals);
                    layer.forwardSparse(x).sum().backward();
                    Tensor w = layer.weight().value();
                    GradientSupport support = GradientSupport.of(w);
                    assertThat(support.count()).isEqualTo(listed);
                    assertThat(TrainingRun.allFiniteAt(w, support)).isTrue();
                    for (int i = 0; i < w.size(); i++) {
                        int column = i % 40;
                        boolean isListed = java.util.Arrays.stream(cols).anyMatch(c -> c == column);
                        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                            double keep = w.getFlat(i);
                            try (var off = GradMode.disabled()) {
                                w.setFlat(i, bad);
                            }
                            assertThat(TrainingRun.allFiniteAt(w, support)).as("%s out %d, %d listed, %s at %d", dtype,
                                    out, listed, bad, i).isEqualTo(!isListed);
                            try (var off = GradMode.disabled()) {
                                w.setFlat(i, keep);
                            }
                        }
                    }
                }
            }
        }
    }
}
