package io.descent.curvature;

import static org.assertj.core.api.Assertions.assertThat;

import io.descent.data.CsrMatrix;
import io.descent.loss.LogLoss;
import io.descent.nn.Linear;
import io.descent.nn.Module;
import io.descent.nn.Parameter;
import io.descent.nn.Sequential;
import io.descent.nn.Tanh;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** H v through sparse rows (CSR, LIBSVM data): Linear.forwardSparse and CsrMatrix.matmul, against differences. */
class SparseHessianTest {
    /** 6 rows of 5 columns, 2 or 3 non-zeros each. */
    private static final CsrMatrix X = new CsrMatrix(6, 5, new int[] {0, 2, 5, 7, 9, 12, 14},
            new int[] {0, 3, 1, 2, 4, 0, 4, 2, 3, 0, 1, 3, 2, 4},
            new float[] {0.5f, -1.25f, 2f, 0.75f, -0.5f, 1.5f, 1f, -2f, 0.25f, 1.75f, -1f, 0.5f, 1.25f, -0.75f});
    private static final Tensor LABELS = Tensor.of(new double[] {1, -1, 1, -1, -1, 1}, 6, 1);

    @Test
    void sparseInputThroughAnMlpMatchesFiniteDifferences() {
        Rng rng = new Rng(8);
        Module net = new Sequential(new Linear(5, 3, true, DType.FLOAT64, rng), new Tanh(),
                new Linear(3, 1, true, DType.FLOAT64, rng));
        double error = HessianChecks.check(net.parameters(), () -> new LogLoss().apply(net.forwardSparse(X), LABELS), 19);
        assertThat(error).isLessThan(HessianChecks.TOLERANCE);
    }

    @Test
    void csrProductsMatchFiniteDifferences() {
        Rng rng = new Rng(9);
        Parameter w = HessianChecks.param("w", rng, -1, 1, 5, 2);
        Parameter wt = HessianChecks.param("wt", rng, -1, 1, 2, 5);
        double error = HessianChecks.check(List.of(w, wt),
                () -> HessianChecks.curved(X.matmul(w.value()).mul(X.matmul(wt.value(), true))), 23);
        assertThat(error).isLessThan(HessianChecks.TOLERANCE);
    }
}
