package io.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.GradCheck;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {

    /** A random sparse matrix with about {@code density} of its entries set. */
    static CsrMatrix random(int rows, int cols, double density, long seed) {
        Rng rng = new Rng(seed);
        IntList ci = new IntList(16);
        FloatList vs = new FloatList(16);
        int[] ptr = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (rng.nextDouble() < density) {
                    ci.reserve(1);
                    vs.reserve(1);
                    ci.add(c);
                    vs.add((float) rng.nextGaussian());
                }
            }
            ptr[r + 1] = ci.size();
        }
        return new CsrMatrix(rows, cols, ptr, ci.toArray(), vs.toArray());
    }

    @Test
    void productEqualsTheDenseProduct() {
        CsrMatrix x = random(7, 9, 0.3, 1);
        Tensor w = Tensor.randn(new Rng(2), DType.FLOAT64, 9, 4);
        Tensor dense = x.toDense(DType.FLOAT64).matmul(w);
        assertThat(x.matmul(w).toDoubleArray()).containsExactly(dense.toDoubleArray(),
                org.assertj.core.data.Offset.offset(1e-12));
        Tensor wt = Tensor.randn(new Rng(3), DType.FLOAT32, 4, 9);
        Tensor denseT = x.toDense(DType.FLOAT32).matmul(wt, false, true);
        assertThat(x.matmul(wt, true).toFloatArray()).containsExactly(denseT.toFloatArray(),
                org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void gradientWithRespectToTheWeightPassesFiniteDifferences() {
        CsrMatrix x = random(6, 8, 0.4, 4);
        Tensor w = Tensor.randn(new Rng(5), DType.FLOAT64, 8, 3);
        assertThat(GradCheck.maxError(t -> x.matmul(t[0]).tanh(), w)).isLessThan(1e-8);
        Tensor wt = Tensor.randn(new Rng(6), DType.FLOAT64, 3, 8);
        assertThat(GradCheck.maxError(t -> x.matmul(t[0], true).tanh(), wt)).isLessThan(1e-8);
    }

    @Test
    void aLinearModelTrainsOnAMillionColumnsWithoutDensifying() {
        int rows = 64;
        int cols = 1_000_000; // dense, one batch would be 256 MB
        CsrMatrix x = random(rows, 1000, 0.02, 7);
        int[] spread = x.colIdx().clone();
        for (int p = 0; p < spread.length; p++) {
            spread[p] *= 997; // the same entries scattered over a million columns
        }
        CsrMatrix wide = new CsrMatrix(rows, cols, x.rowPtr(), spread, x.values());
        Tensor truth = Tensor.randn(new Rng(8), DType.FLOAT32, cols, 1);
        Tensor y = wide.matmul(truth);
        Tensor w = Tensor.zeros(cols, 1).requiresGrad(true);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 50; step++) {
            Tensor residual = wide.matmul(w).sub(y);
            Tensor loss = residual.mul(residual).mean();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
            w.zeroGrad();
            loss.backward();
            try (var scope = GradMode.disabled()) {
                w.addInPlace(w.grad(), -1.0);
            }
        }
        assertThat(last).isLessThan(first / 10);
    }

    @Test
    void gatherAndCopyKeepTheChosenRows() {
        CsrMatrix x = random(5, 6, 0.5, 9);
        CsrMatrix g = x.gatherRows(new int[] {4, 1, 4});
        Tensor dense = x.toDense(DType.FLOAT32);
        Tensor expected = dense.gatherRows(new int[] {4, 1, 4});
        assertThat(g.toDense(DType.FLOAT32).toFloatArray()).containsExactly(expected.toFloatArray());
        assertThat(g.copy().toDense(DType.FLOAT32).toFloatArray()).containsExactly(expected.toFloatArray());
    }

    @Test
    void rejectsABrokenStructure() {
        assertThatThrownBy(() -> new CsrMatrix(2, 3, new int[] {0, 2, 1}, new int[] {0, 1}, new float[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decreases");
        assertThatThrownBy(() -> new CsrMatrix(1, 3, new int[] {0, 1}, new int[] {3}, new float[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside [0, 3)");
        assertThatThrownBy(() -> random(2, 3, 1, 1).matmul(Tensor.zeros(4, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inner dimensions");
    }
}
