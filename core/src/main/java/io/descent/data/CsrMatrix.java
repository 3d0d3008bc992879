package io.descent.data;

import io.descent.autograd.GradMode;
import io.descent.tensor.DType;
import io.descent.tensor.DoubleBackward;
import io.descent.tensor.Tensor;
import java.util.Arrays;

/**
 * A sparse matrix [rows, cols] in compressed sparse row form: row r holds the entries
 * {@code colIdx[p], values[p]} for p in {@code [rowPtr[r], rowPtr[r+1])}. LIBSVM data lands here, and a
 * linear model multiplies it without ever making it dense:
 *
 * <pre>{@code
 * Tensor w = Tensor.zeros(d, 1).requiresGrad(true);
 * Tensor scores = batch.x().matmul(w);     // [B, 1], cost proportional to the non-zeros
 * loss(scores, batch.y()).backward();       // w.grad() = X^T g, scattered row by row
 * }</pre>
 *
 * <p>The arrays are shared, not copied. A batch's matrix lives on reused buffers, which may be longer than
 * needed: only {@code rowPtr[0 .. rows]} and the first {@code nnz()} entries count.
 */
public final class CsrMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final float[] values;

    /** Checks the structure: row pointers start at 0 and never decrease, every column index is in [0, cols). */
    public CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        this(rows, cols, rowPtr, colIdx, values, true);
    }

    private CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values, boolean check) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        if (check) {
            check();
        }
    }

    /** For loaders that fill the arrays themselves correctly. */
    static CsrMatrix trusted(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) {
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values, false);
    }

    private void check() {
        if (rows < 0 || cols < 0 || rowPtr.length < rows + 1 || rowPtr[0] != 0) {
            throw new IllegalArgumentException("csr [" + rows + ", " + cols + "]: needs rowPtr of length >= rows + 1 "
                    + "starting at 0, got length " + rowPtr.length);
        }
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r + 1] < rowPtr[r]) {
                throw new IllegalArgumentException("csr: rowPtr decreases at row " + r);
            }
        }
        int nnz = rowPtr[rows];
        if (colIdx.length < nnz || values.length < nnz) {
            throw new IllegalArgumentException("csr: " + nnz + " entries but colIdx has " + colIdx.length
                    + " and values " + values.length);
        }
        for (int p = 0; p < nnz; p++) {
            if (colIdx[p] < 0 || colIdx[p] >= cols) {
                throw new IllegalArgumentException("csr: column " + colIdx[p] + " of entry " + p + " is outside [0, "
                        + cols + ")");
            }
        }
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Number of stored entries. */
    public int nnz() {
        return rowPtr[rows];
    }

    public int[] rowPtr() {
        return rowPtr;
    }

    public int[] colIdx() {
        return colIdx;
    }

    public float[] values() {
        return values;
    }

    /** X W for a dense W [cols, k]: the result [rows, k] has W's dtype. Differentiable in W. */
    public Tensor matmul(Tensor w) {
        return matmul(w, false);
    }

    /**
     * X op(W), where op transposes W [k, cols] when {@code transW} (the layout of a linear layer's weight,
     * {@code x W^T}). Gradient: dL/dW = X^T G (or G^T X), a scatter over the non-zeros.
     */
    public Tensor matmul(Tensor w, boolean transW) {
        if (w.rank() != 2 || (transW ? w.dim(1) : w.dim(0)) != cols) {
            throw new IllegalArgumentException("csr matmul: [" + rows + ", " + cols + "] x " + w.shape()
                    + (transW ? "^T" : "") + ": inner dimensions differ");
        }
        int k = transW ? w.dim(0) : w.dim(1);
        Tensor out = Tensor.zeros(w.dtype(), rows, k);
        if (w.dtype() == DType.FLOAT32) {
            forward(w.floats(), w.offset(), k, transW, out.floats());
        } else {
            forward(w.doubles(), w.offset(), k, transW, out.doubles());
        }
        return DoubleBackward.record("csrMatmul", out, g -> new Tensor[] {GradMode.isEnabled()
            ? recordedWeightGradient(g, w, k, transW) : weightGradient(g, w, k, transW)}, w);
    }

    /**
     * X^T G (or G^T X) as a recorded op of G, for double backward: the adjoint of W -> X op(W), whose own
     * adjoint is that product again, so its derivative is {@link #matmul(Tensor, boolean)} of the upstream.
     */
    private Tensor recordedWeightGradient(Tensor g, Tensor w, int k, boolean transW) {
        Tensor gw = Tensor.zeros(w.dtype(), w.shape());
        if (w.dtype() == DType.FLOAT32) {
            scatter(g.floats(), g.offset(), k, transW, gw.floats(), 0);
        } else {
            scatter(g.doubles(), g.offset(), k, transW, gw.doubles(), 0);
        }
        return DoubleBackward.record("csrMatmulWeightGradient", gw, h -> new Tensor[] {matmul(h, transW)}, g);
    }

    /**
     * X^T G (or G^T X) written into W's own gradient buffer when W is a leaf ({@link Tensor#gradientTarget}),
     * so a step allocates nothing the size of W; a buffer the optimizer zeroed (beta 0) is cleared first.
     */
    private Tensor weightGradient(Tensor g, Tensor w, int k, boolean transW) {
        Tensor.GradientTarget t = Tensor.gradientTarget(w);
        Tensor gw = t.tensor();
        int at = gw.offset();
        if (w.dtype() == DType.FLOAT32) {
            if (t.beta() == 0) {
                Arrays.fill(gw.floats(), at, at + gw.size(), 0f);
            }
            scatter(g.floats(), g.offset(), k, transW, gw.floats(), at);
        } else {
            if (t.beta() == 0) {
                Arrays.fill(gw.doubles(), at, at + gw.size(), 0.0);
            }
            scatter(g.doubles(), g.offset(), k, transW, gw.doubles(), at);
        }
        return t.result();
    }

    // out[r, j] += v * W[c, j]  (or W[j, c] transposed), for every entry (r, c, v)
    private void forward(float[] w, int wo, int k, boolean transW, float[] out) {
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                float v = values[p];
                int c = colIdx[p];
                for (int j = 0; j < k; j++) {
                    out[r * k + j] += v * w[wo + (transW ? j * cols + c : c * k + j)];
                }
            }
        }
    }

    private void forward(double[] w, int wo, int k, boolean transW, double[] out) {
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                double v = values[p];
                int c = colIdx[p];
                for (int j = 0; j < k; j++) {
                    out[r * k + j] += v * w[wo + (transW ? j * cols + c : c * k + j)];
                }
            }
        }
    }

    // dW[c, j] += v * G[r, j]  (or dW[j, c]), for every entry (r, c, v)
    private void scatter(float[] g, int go, int k, boolean transW, float[] gw, int at) {
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                float v = values[p];
                int c = colIdx[p];
                for (int j = 0; j < k; j++) {
                    gw[at + (transW ? j * cols + c : c * k + j)] += v * g[go + r * k + j];
                }
            }
        }
    }

    private void scatter(double[] g, int go, int k, boolean transW, double[] gw, int at) {
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                double v = values[p];
                int c = colIdx[p];
                for (int j = 0; j < k; j++) {
                    gw[at + (transW ? j * cols + c : c * k + j)] += v * g[go + r * k + j];
                }
            }
        }
    }

    /** The rows at {@code indices}, copied, in that order. */
    public CsrMatrix gatherRows(int[] indices) {
        int[] ptr = new int[indices.length + 1];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("csr gatherRows: row " + r + " of " + rows);
            }
            ptr[i + 1] = ptr[i] + rowPtr[r + 1] - rowPtr[r];
        }
        int[] ci = new int[ptr[indices.length]];
        float[] vs = new float[ci.length];
        for (int i = 0; i < indices.length; i++) {
            int from = rowPtr[indices[i]];
            System.arraycopy(colIdx, from, ci, ptr[i], ptr[i + 1] - ptr[i]);
            System.arraycopy(values, from, vs, ptr[i], ptr[i + 1] - ptr[i]);
        }
        return trusted(indices.length, cols, ptr, ci, vs);
    }

    /** Rows [from, to), copied (their entries only, never anything the size of cols): a batch of the rows. */
    public CsrMatrix sliceRows(int from, int to) {
        if (from < 0 || to < from || to > rows) {
            throw new IndexOutOfBoundsException("csr sliceRows: [" + from + ", " + to + ") of " + rows + " rows");
        }
        int[] ptr = new int[to - from + 1];
        for (int r = from; r <= to; r++) {
            ptr[r - from] = rowPtr[r] - rowPtr[from];
        }
        int first = rowPtr[from];
        return trusted(to - from, cols, ptr, Arrays.copyOfRange(colIdx, first, rowPtr[to]),
                Arrays.copyOfRange(values, first, rowPtr[to]));
    }

    /** A copy with arrays of exactly the needed length. */
    public CsrMatrix copy() {
        int nnz = nnz();
        return trusted(rows, cols, Arrays.copyOf(rowPtr, rows + 1), Arrays.copyOf(colIdx, nnz),
                Arrays.copyOf(values, nnz));
    }

    /** The dense matrix [rows, cols] (for tests and small data; large sparse data does not fit dense). */
    public Tensor toDense(DType dtype) {
        Tensor out = Tensor.zeros(dtype, rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                out.set(out.get(r, colIdx[p]) + values[p], r, colIdx[p]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "CsrMatrix([" + rows + ", " + cols + "], " + nnz() + " non-zeros)";
    }
}
