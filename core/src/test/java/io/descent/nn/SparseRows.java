package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.data.CsrMatrix;
import io.descent.tensor.DType;
import io.descent.tensor.Rng;
import io.descent.tensor.Tensor;
import io.descent.testing.GradCheck;
import java.util.Arrays;

/** Random sparse batches for the sparse-layer tests, and a finite-difference check through forwardSparse. */
final class SparseRows {
    private SparseRows() {
    }

    /**
     * rows x cols with each entry set with probability {@code density}, increasing columns without duplicates;
     * {@code emptyEvery > 0} leaves every such row empty.
     */
    static CsrMatrix random(int rows, int cols, double density, int emptyEvery, long seed) {
        Rng rng = new Rng(seed);
        int[] ptr = new int[rows + 1];
        int[] ci = new int[rows * cols];
        float[] vs = new float[rows * cols];
        int nnz = 0;
        for (int r = 0; r < rows; r++) {
            boolean empty = emptyEvery > 0 && r % emptyEvery == 0;
            for (int c = 0; c < cols && !empty; c++) {
                if (rng.nextDouble() < density) {
                    ci[nnz] = c;
                    vs[nnz++] = (float) rng.nextGaussian();
                }
            }
            ptr[r + 1] = nnz;
        }
        return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(ci, nnz), Arrays.copyOf(vs, nnz));
    }

    /**
     * The largest error of the parameters' gradients from backward() through {@code m.forwardSparse(x)}
     * against central differences of sum(out * r), r fixed random weights, as {@link ModuleGradCheck}.
     */
    static double gradError(Module m, CsrMatrix x) {
        m.zeroGrad();
        Tensor out = m.forwardSparse(x);
        Tensor r = Tensor.uniform(new Rng(99), 0.5, 1.5, DType.FLOAT64, out.shape().dims());
        out.mul(r).sum().backward();
        double worst = 0;
        try (var scope = GradMode.disabled()) {
            for (Parameter p : m.parameters()) {
                Tensor v = p.value();
                Tensor grad = p.grad();
                for (int k = 0; k < v.size(); k++) {
                    double orig = v.getFlat(k);
                    v.setFlat(k, orig + GradCheck.STEP);
                    double plus = m.forwardSparse(x).mul(r).sum().item();
                    v.setFlat(k, orig - GradCheck.STEP);
                    double minus = m.forwardSparse(x).mul(r).sum().item();
                    v.setFlat(k, orig);
                    double numeric = (plus - minus) / (2 * GradCheck.STEP);
                    double analytic = grad.getFlat(k);
                    worst = Math.max(worst, Math.abs(analytic - numeric)
                            / Math.max(1, Math.max(Math.abs(analytic), Math.abs(numeric))));
                }
            }
        }
        return worst;
    }
}
