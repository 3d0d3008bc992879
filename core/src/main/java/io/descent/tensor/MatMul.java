package io.descent.tensor;

/** The matrix product and its derivative, with transposes passed to BLAS as flags. */
final class MatMul {
    private MatMul() {
    }

    /** {@link Tensor#matmul(Tensor, boolean, boolean)}: the forward, recorded with its derivative. */
    static Tensor recorded(Tensor a, Tensor b, boolean transA, boolean transB) {
        Tensor out = forward(a, b, transA, transB);
        return DoubleBackward.record("matmul", out, g -> backward(g, a, b, transA, transB), a, b);
    }

    /** C = op(A) op(B). */
    static Tensor forward(Tensor a, Tensor b, boolean transA, boolean transB) {
        ElementWise.checkDTypes("matmul", a, b);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("matmul: " + a.shape() + " x " + b.shape()
                    + ": both operands must have rank 2 (reshape vectors to [n, 1] or [1, n])");
        }
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + describe(a, transA) + " x " + describe(b, transB)
                    + ": inner dimensions " + k + " and " + kb + " differ");
        }
        Tensor c = Tensor.zeros(a.dtype(), m, n);
        gemm(transA, transB, m, n, k, a, b, 1.0, c);          // onto c's zeros (see Gemm.sgemm)
        return c;
    }

    private static String describe(Tensor t, boolean trans) {
        return trans ? t.shape() + "^T" : t.shape().toString();
    }

    /** C = op(A) op(B) + beta C on tensors, dispatching on dtype. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, Tensor b, double beta, Tensor c) {
        if (a.dtype() == DType.FLOAT32) {
            Gemm.sgemm(transA, transB, m, n, k, 1f, a.floats(), a.offset(), b.floats(), b.offset(), (float) beta,
                    c.floats(), c.offset());
        } else {
            Gemm.dgemm(transA, transB, m, n, k, 1.0, a.doubles(), a.offset(), b.doubles(), b.offset(), beta,
                    c.doubles(), c.offset());
        }
    }

    /**
     * For C = op(A) op(B) and upstream gradient G = dL/dC:
     * <pre>
     *   C = A B      dA = G B^T     dB = A^T G
     *   C = A^T B    dA = B G^T     dB = A G
     *   C = A B^T    dA = G B       dB = G^T A
     *   C = A^T B^T  dA = B^T G^T   dB = G^T A^T
     * </pre>
     */
    static Tensor[] backward(Tensor g, Tensor a, Tensor b, boolean transA, boolean transB) {
        Tensor ga = null;
        Tensor gb = null;
        if (io.descent.autograd.GradMode.isEnabled()) {     // a backward pass that creates the graph: recorded
            if (a.requiresGrad()) {
                ga = transA ? recorded(b, g, transB, true) : recorded(g, b, false, !transB);
            }
            if (b.requiresGrad()) {
                gb = transB ? recorded(g, a, true, transA) : recorded(a, g, !transA, false);
            }
            return new Tensor[] {ga, gb};
        }
        Tensor gd = g.detach();
        Tensor ad = a.detach();
        Tensor bd = b.detach();
        if (a.requiresGrad()) {
            ga = transA ? forward(bd, gd, transB, true) : forward(gd, bd, false, !transB);
        }
        if (b.requiresGrad()) {
            gb = transB ? forward(gd, ad, true, transA) : forward(ad, gd, !transA, false);
        }
        return new Tensor[] {ga, gb};
    }
}
