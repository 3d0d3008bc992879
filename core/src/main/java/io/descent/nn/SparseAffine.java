package io.descent.nn;

import io.descent.autograd.GradMode;
import io.descent.data.CsrMatrix;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.SparseGradientTarget;
import io.descent.tensor.Tensor;

/**
 * A linear layer on sparse rows, y = X W^T + b, for X [N, in] in CSR and W [out, in]: the forward pass and
 * the weight's gradient cost O(nnz(X) out), never O(N in), so a layer with 10^7 inputs trains on LIBSVM rows.
 *
 * <p>With G = dL/dy [N, out]: dW[j, c] = sum over the entries (r, c, v) of X of v G[r, j] (G^T X, a scatter
 * over the non-zeros), db = the column sums of G; X is data and gets no gradient. In a backward pass that
 * creates the graph (double backward) dW is a recorded op of G whose derivative is the product again.
 *
 * <p>dW is added straight into the weight's gradient buffer ({@link SparseGradientTarget}), so a step
 * allocates nothing the size of W, and the columns the batch touches are recorded as the gradient's support
 * ({@link io.descent.tensor.GradientSupport}): while nothing else writes that gradient, it is zero elsewhere,
 * so the next step's clearing and an optimizer that leaves zero-gradient weights unchanged (plain SGD,
 * AdaGrad) touch only those columns, O(nnz(X) out) instead of O(in out).
 *
 * <p>Loop order: for each non-zero (r, c, v), the out weights W[0..out-1, c] are read at stride in. For
 * batch 256, 30 non-zeros a row, out = 64, reading W one output row at a time instead (j outermost) took about
 * twice as long (D = 10^5 and 10^6, best of 10 on a loaded 2-core machine), and the non-zeros sorted by column
 * first were faster at D = 10^5 and slower at 10^6; a transposed copy of W [in, out] would have to be
 * refreshed after every update, a pass over all of W per step. So the non-zero-major order stays.
 */
final class SparseAffine {
    private SparseAffine() {
    }

    /** y = X W^T + b (b may be null), recorded for W and b; the rule reads X, W's shape and G only. */
    static Tensor forward(CsrMatrix x, Tensor w, Tensor b) {
        int n = x.rows();
        int out = w.dim(0);
        int in = w.dim(1);
        Tensor y = Tensor.zeros(w.dtype(), n, out);
        if (b != null) {
            Kernels.fillRows(y, n, out, b);      // the rows start as the bias, as in Linear's dense pass
        }
        if (Kernels.isF32(w)) {
            product(x, w.floats(), w.offset(), in, out, y.floats(), y.offset());
        } else {
            product(x, w.doubles(), w.offset(), in, out, y.doubles(), y.offset());
        }
        return DoubleBackward.recordReadingInputsOnly("sparseLinear", y, g -> {
            if (GradMode.isEnabled()) {     // double backward: the same formulas as recorded ops
                return new Tensor[] {w.requiresGrad() ? recordedWeightGradient(x, g, w) : null,
                    b != null && b.requiresGrad() ? g.sum(0, false) : null};
            }
            Tensor gw = null;
            if (w.requiresGrad()) {
                SparseGradientTarget t = SparseGradientTarget.of(w);     // straight into W's gradient
                scatterInto(x, g, in, out, t.tensor());
                if (t.support() != null) {
                    t.support().add(x.colIdx(), x.rowPtr()[0], x.rowPtr()[n]);
                }
                gw = t.result();
            }
            Tensor gb = b != null && b.requiresGrad() ? Kernels.sumKeeping(g, n, out, 1) : null;
            return new Tensor[] {gw, gb};
        }, w, b);
    }

    /**
     * G^T X as a recorded op of G, for double backward: the adjoint of W -> X W^T, whose own adjoint is that
     * product, so its derivative is {@link #forward} of the upstream (without bias).
     */
    private static Tensor recordedWeightGradient(CsrMatrix x, Tensor g, Tensor w) {
        int out = w.dim(0);
        int in = w.dim(1);
        Tensor gw = Tensor.zeros(w.dtype(), out, in);
        if (Kernels.isF32(gw)) {
            scatter(x, g.floats(), g.offset(), in, out, gw.floats(), 0);
        } else {
            scatter(x, g.doubles(), g.offset(), in, out, gw.doubles(), 0);
        }
        return DoubleBackward.record("sparseLinearWeightGradient", gw, h -> new Tensor[] {forward(x, h, null)}, g);
    }

    /** dW += G^T X into {@code gw}, which the target has cleared where needed. */
    private static void scatterInto(CsrMatrix x, Tensor g, int in, int out, Tensor gw) {
        if (Kernels.isF32(gw)) {
            scatter(x, g.floats(), g.offset(), in, out, gw.floats(), gw.offset());
        } else {
            scatter(x, g.doubles(), g.offset(), in, out, gw.doubles(), gw.offset());
        }
    }

    // y[r, j] += v W[j, c] for every entry (r, c, v); out = 1 is a gather-dot per row
    private static void product(CsrMatrix x, float[] w, int wo, int in, int out, float[] y, int yo) {
        int[] ptr = x.rowPtr();
        int[] col = x.colIdx();
        float[] val = x.values();
        for (int r = 0; r < x.rows(); r++) {
            int row = yo + r * out;
            if (out == 1) {
                float s = 0;
                for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                    s += val[p] * w[wo + col[p]];
                }
                y[row] += s;
                continue;
            }
            for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                float v = val[p];
                int c = wo + col[p];
                for (int j = 0; j < out; j++) {
                    y[row + j] += v * w[c + j * in];
                }
            }
        }
    }

    private static void product(CsrMatrix x, double[] w, int wo, int in, int out, double[] y, int yo) {
        int[] ptr = x.rowPtr();
        int[] col = x.colIdx();
        float[] val = x.values();
        for (int r = 0; r < x.rows(); r++) {
            int row = yo + r * out;
            for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                double v = val[p];
                int c = wo + col[p];
                for (int j = 0; j < out; j++) {
                    y[row + j] += v * w[c + j * in];
                }
            }
        }
    }

    // dW[j, c] += v G[r, j] for every entry (r, c, v); out = 1 is an axpy of the row's values into dW's columns
    // (without its own loop the inner loop of one pass cost 3.6 times the product's gather-dot: JFR, 10^5 features)
    private static void scatter(CsrMatrix x, float[] g, int go, int in, int out, float[] gw, int at) {
        int[] ptr = x.rowPtr();
        int[] col = x.colIdx();
        float[] val = x.values();
        for (int r = 0; r < x.rows(); r++) {
            int row = go + r * out;
            if (out == 1) {
                float gr = g[row];
                for (int p = ptr[r], end = ptr[r + 1]; p < end; p++) {
                    gw[at + col[p]] += val[p] * gr;
                }
                continue;
            }
            for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                float v = val[p];
                int c = at + col[p];
                for (int j = 0; j < out; j++) {
                    gw[c + j * in] += v * g[row + j];
                }
            }
        }
    }

    private static void scatter(CsrMatrix x, double[] g, int go, int in, int out, double[] gw, int at) {
        int[] ptr = x.rowPtr();
        int[] col = x.colIdx();
        float[] val = x.values();
        for (int r = 0; r < x.rows(); r++) {
            int row = go + r * out;
            for (int p = ptr[r]; p < ptr[r + 1]; p++) {
                double v = val[p];
                int c = at + col[p];
                for (int j = 0; j < out; j++) {
                    gw[c + j * in] += v * g[row + j];
                }
            }
        }
    }
}
